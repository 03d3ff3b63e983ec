@sandbox
Feature: Live order flows on a NautilusTrader TradingNode in paper mode
  A TradingNode with the sandbox execution client runs in the service's event loop, fed
  with recorded Binance USD-M futures ticks (BTCUSDT, 2020-02-22). Orders posted to the
  service are risk-checked, routed and executed by the node.

  Scenario: A market order fills at the sandbox's best ask
    Given the node has replayed 20 recorded ticks
    When strategy "alpha" buys 0.010 BTC as "node-fill"
    Then operation "node-fill" is FILLED
    And operation "node-fill" has 1 fills
    And the BTC position is 0.010

  Scenario: A resting order fills later, when the recorded trades go through its price
    Given the node has replayed 20 recorded ticks
    When strategy "alpha" buys 0.005 BTC limit 9670 as "node-rest"
    Then operation "node-rest" is ACCEPTED
    When the rest of the recorded day is replayed
    Then operation "node-rest" is FILLED
    And the BTC position is 0.005

  Scenario: A resting order is canceled at the node
    Given the node has replayed 20 recorded ticks
    When strategy "alpha" buys 0.01 BTC limit 5000 as "node-cancel"
    And operation "node-cancel" is canceled
    Then operation "node-cancel" is CANCELED

  Scenario: An order the venue cannot take is rejected with its reason
    When strategy "alpha" buys 0.010 BTC as "node-no-market"
    Then operation "node-no-market" fails with "no market for BTCUSDT-PERP.BINANCE"

  Scenario: An order finer than the lot is denied by the node with its reason
    Given the node has replayed 20 recorded ticks
    When strategy "alpha" buys 0.0001 BTC as "node-precision"
    Then operation "node-precision" fails with "precision 4 > 3"

  Scenario: A market order larger than the visible book fills its remainder on the next quotes
    Given the node has replayed 20 recorded ticks
    When strategy "alpha" buys 5 BTC as "node-big"
    Then operation "node-big" is PARTIALLY_FILLED
    When the node replays 5 more recorded ticks
    Then operation "node-big" is FILLED
    And the BTC position is 5

  Scenario: The remainder of a market order larger than the book can be canceled
    Given the node has replayed 20 recorded ticks
    When strategy "alpha" buys 5 BTC as "node-big-cancel"
    And operation "node-big-cancel" is canceled
    Then operation "node-big-cancel" is CANCELED
