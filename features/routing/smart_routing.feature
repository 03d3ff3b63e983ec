@routing
Feature: Smart order routing
  The router sends an order where its expected cost (fee, book walk, latency, health)
  is lowest, splits it when no single book can fill it, skips venues that are down and
  honours a pinned venue. Every decision can be explained.

  Background:
    Given venues:
      | venue           | taker_bps | maker_bps | latency_ms |
      | BINANCE-FUTURES | 4         | 2         | 5          |
      | BYBIT           | 5.5       | 2         | 5          |
      | OKX             | 5         | 2         | 40         |

  Scenario: The cheapest venue wins when books are equal
    Given the BTC book on "BINANCE-FUTURES" is bid 29990 x 5 / ask 30010 x 5
    And the BTC book on "BYBIT" is bid 29990 x 5 / ask 30010 x 5
    And the BTC book on "OKX" is bid 29990 x 5 / ask 30010 x 5
    When strategy "alpha" buys 1 BTC as "cheap"
    Then operation "cheap" went to "BINANCE-FUTURES"
    And the routing of "cheap" explains every venue

  Scenario: A better price outweighs a higher fee
    Given the BTC book on "BINANCE-FUTURES" is bid 29990 x 5 / ask 30030 x 5
    And the BTC book on "BYBIT" is bid 29990 x 5 / ask 30010 x 5
    And the BTC book on "OKX" is bid 29990 x 5 / ask 30040 x 5
    When strategy "alpha" buys 1 BTC as "price"
    Then operation "price" went to "BYBIT"

  Scenario: Sells walk the bids
    Given the BTC book on "BINANCE-FUTURES" is bid 29980 x 5 / ask 30010 x 5
    And the BTC book on "BYBIT" is bid 29999 x 5 / ask 30010 x 5
    And the BTC book on "OKX" is bid 29970 x 5 / ask 30010 x 5
    When strategy "alpha" sells 2 BTC as "sell"
    Then operation "sell" went to "BYBIT"
    And the BTC position on "BYBIT" is -2

  Scenario: A thin book leads to a split across venues
    Given the BTC book on "BINANCE-FUTURES" has asks 30010 x 1, 30050 x 1 and bids 29990 x 1
    And the BTC book on "BYBIT" has asks 30010 x 2, 30060 x 1 and bids 29990 x 1
    And the BTC book on "OKX" has asks 30100 x 1 and bids 29990 x 1
    When strategy "alpha" buys 3 BTC as "thin"
    Then operation "thin" is FILLED
    And operation "thin" is split as 1 on "BINANCE-FUTURES", 2 on "BYBIT"
    And the BTC position is 3
    And operation "thin" has filled 3 at an average of 30010

  Scenario: A venue that is down is skipped
    Given the BTC book on "BINANCE-FUTURES" is bid 29990 x 5 / ask 30010 x 5
    And the BTC book on "BYBIT" is bid 29990 x 5 / ask 30010 x 5
    And "BINANCE-FUTURES" is down
    When strategy "alpha" buys 1 BTC as "skip"
    Then operation "skip" went to "BYBIT"
    And "BINANCE-FUTURES" received 0 submits

  Scenario: A pinned venue is honoured even when it is dearer
    Given the BTC book on "BINANCE-FUTURES" is bid 29990 x 5 / ask 30010 x 5
    And the BTC book on "OKX" is bid 29990 x 5 / ask 30020 x 5
    When strategy "alpha" buys 1 BTC on "OKX" as "pinned"
    Then operation "pinned" went to "OKX"
    And operation "pinned" has filled 1 at an average of 30020

  Scenario: A pinned venue that is down fails the order without trying elsewhere
    Given the BTC book on "BINANCE-FUTURES" is bid 29990 x 5 / ask 30010 x 5
    And "OKX" is down
    When strategy "alpha" buys 1 BTC on "OKX" as "pinned-down"
    Then operation "pinned-down" fails with "NO_ROUTE"
    And "BINANCE-FUTURES" received 0 submits

  Scenario: Latency is a cost
    Given the BTC book on "BINANCE-FUTURES" is bid 29990 x 5 / ask 30010 x 5
    And the BTC book on "OKX" is bid 29990 x 5 / ask 30010 x 5
    And "BYBIT" is down
    When strategy "alpha" buys 1 BTC on "OKX" as "slow"
    And strategy "alpha" buys 1 BTC as "fast"
    Then operation "fast" went to "BINANCE-FUTURES"
