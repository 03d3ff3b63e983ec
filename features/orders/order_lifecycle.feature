@lifecycle
Feature: Order lifecycle
  Orders move through a strict state machine; fills accumulate exactly once.

  Background:
    Given venues:
      | venue           | taker_bps | maker_bps |
      | BINANCE-FUTURES | 4         | 2         |
    And the BTC book on "BINANCE-FUTURES" is bid 29990 x 5 / ask 30010 x 5

  Scenario: A market order fills against the book
    When strategy "alpha" buys 2 BTC as "mkt"
    Then operation "mkt" is FILLED
    And operation "mkt" has filled 2 at an average of 30010

  Scenario: A resting limit order fills partially, then completely
    When strategy "alpha" buys 2 BTC limit 29950 as "lmt"
    Then operation "lmt" is ACCEPTED
    When a trade prints at 29950 for 0.5 BTC on "BINANCE-FUTURES"
    Then operation "lmt" is PARTIALLY_FILLED
    And operation "lmt" has filled 0.5 at an average of 29950
    When a trade prints at 29940 for 5 BTC on "BINANCE-FUTURES"
    Then operation "lmt" is FILLED
    And operation "lmt" has 2 fills
    And the BTC position is 2

  Scenario: A market order larger than the book fills what is visible; the rest is canceled
    When strategy "alpha" buys 7 BTC as "sweep"
    Then operation "sweep" is CANCELED
    And operation "sweep" has filled 5 at an average of 30010

  Scenario: A fill delivered twice is applied once
    When strategy "alpha" buys 1 BTC as "dup"
    And the fills of "dup" are delivered again
    Then operation "dup" has 1 fills
    And the BTC position is 1

  Scenario: A resting order can be canceled
    When strategy "alpha" buys 1 BTC limit 29000 as "rest"
    And operation "rest" is canceled
    Then operation "rest" is CANCELED
    When a trade prints at 28000 for 5 BTC on "BINANCE-FUTURES"
    Then the BTC position is 0

  Scenario: A filled order cannot be canceled
    When strategy "alpha" buys 1 BTC as "done"
    And operation "done" is canceled
    Then the cancel of "done" is refused because it is FILLED

  Scenario: A venue's final rejection ends the order with its reason
    Given "BINANCE-FUTURES" rejects orders with "insufficient margin"
    When strategy "alpha" buys 1 BTC as "refused"
    Then operation "refused" fails with "insufficient margin"

  Scenario: Sending the same operation twice executes it once
    When strategy "alpha" buys 1 BTC as "once"
    And strategy "alpha" buys 1 BTC as "once"
    Then operation "once" has 1 fills
    And the BTC position is 1
