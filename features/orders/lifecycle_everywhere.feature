@lifecycle_everywhere
Feature: The core order lifecycle, the same in every world
  The same steps drive the memory venues, Deribit (a fake exchange speaking its JSON-RPC
  over real WebSocket and HTTP on loopback) and a NautilusTrader TradingNode in paper mode
  (the sandbox execution client fed with recorded Binance USD-M ticks). Each world trades
  in its own units: one lot is 1 BTC, 10 USD of Deribit's inverse perpetual, 0.010 BTC.

  Scenario Outline: A market order fills and moves the position
    Given a <world> world with a market
    When strategy "alpha" buys one lot at market as "mkt"
    Then operation "mkt" is FILLED
    And the account holds one lot

    Examples:
      | world   |
      | memory  |
      | deribit |
      | sandbox |

  Scenario Outline: A resting order is canceled at its venue and never fills
    Given a <world> world with a market
    When strategy "alpha" buys one lot far below the market as "rest"
    Then operation "rest" is ACCEPTED
    When operation "rest" is canceled
    Then operation "rest" is CANCELED
    And the account holds nothing

    Examples:
      | world   |
      | memory  |
      | deribit |
      | sandbox |

  Scenario Outline: A repeated operation id answers with the first result and trades once
    Given a <world> world with a market
    When strategy "alpha" buys one lot at market as "once"
    And strategy "alpha" buys one lot at market as "once"
    Then operation "once" is FILLED
    And operation "once" has 1 fills
    And the account holds one lot

    Examples:
      | world   |
      | memory  |
      | deribit |
      | sandbox |
