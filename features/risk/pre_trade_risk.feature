@risk
Feature: Pre-trade risk checks
  Every order passes the risk engine before any venue sees it; a rejection carries a
  stable code and a reason a trader can act on.

  Background:
    Given venues:
      | venue           | taker_bps | maker_bps |
      | BINANCE-FUTURES | 4         | 2         |
    And the BTC book on "BINANCE-FUTURES" is bid 29990 x 50 / ask 30010 x 50

  Scenario: An order inside every limit passes
    Given the risk limit max_order_quantity is 5
    And the risk limit max_order_notional is 200000
    When strategy "alpha" buys 2 BTC as "ok-1"
    Then operation "ok-1" is FILLED

  Scenario: An order above the maximum size is rejected
    Given the risk limit max_order_quantity is 5
    When strategy "alpha" buys 6 BTC as "big-1"
    Then operation "big-1" is rejected with code "ORDER_SIZE_MAX"

  Scenario: An order below the minimum size is rejected
    Given the risk limit min_order_quantity is 0.01
    When strategy "alpha" buys 0.001 BTC as "tiny-1"
    Then operation "tiny-1" is rejected with code "ORDER_SIZE_MIN"

  Scenario: An order above the maximum notional is rejected
    Given the risk limit max_order_notional is 50000
    When strategy "alpha" buys 2 BTC as "notional-1"
    Then operation "notional-1" is rejected with code "ORDER_NOTIONAL_MAX"

  Scenario: Global velocity per second is enforced on a sliding window
    Given the risk limit max_orders_per_second is 3
    When strategy "alpha" sends 4 orders of 0.1 BTC within one second
    Then operation "alpha-burst-2" is FILLED
    And operation "alpha-burst-3" is rejected with code "VELOCITY_GLOBAL_SECOND"
    When the clock advances 1 seconds
    And strategy "alpha" buys 0.1 BTC as "after-window"
    Then operation "after-window" is FILLED

  Scenario: A replayed operation is answered as recorded and does not count towards velocity
    Given the risk limit max_orders_per_second is 2
    When strategy "alpha" buys 0.1 BTC as "first"
    And strategy "alpha" buys 0.1 BTC as "first"
    And strategy "alpha" buys 0.1 BTC as "second"
    Then operation "first" is FILLED
    And operation "second" is FILLED

  Scenario: Global velocity per minute is enforced
    Given the risk limit max_orders_per_minute is 2
    When strategy "alpha" sends 3 orders of 0.1 BTC within one second
    Then operation "alpha-burst-2" is rejected with code "VELOCITY_GLOBAL_MINUTE"

  Scenario: Velocity per strategy does not block another strategy
    Given the risk limit max_strategy_orders_per_second is 2
    When strategy "alpha" sends 3 orders of 0.1 BTC within one second
    And strategy "beta" buys 0.1 BTC as "beta-1"
    Then operation "alpha-burst-2" is rejected with code "VELOCITY_STRATEGY_SECOND"
    And operation "beta-1" is FILLED

  Scenario: Strategy velocity per minute is enforced
    Given the risk limit max_strategy_orders_per_minute is 1
    When strategy "alpha" sends 2 orders of 0.1 BTC within one second
    Then operation "alpha-burst-1" is rejected with code "VELOCITY_STRATEGY_MINUTE"

  Scenario: The position limit applies to the position projected after the order
    Given strategy "alpha" holds 3 BTC
    And the risk limit max_position_per_instrument is 4
    When strategy "alpha" buys 1 BTC as "to-limit"
    And strategy "alpha" buys 0.5 BTC as "past-limit"
    Then operation "to-limit" is FILLED
    And operation "past-limit" is rejected with code "POSITION_INSTRUMENT"

  Scenario: A reducing order passes a position limit the position already breaches
    Given strategy "alpha" holds 3 BTC
    And the risk limit for BTC position is 2
    When strategy "alpha" sells 0.5 BTC as "reduce-1"
    And strategy "alpha" buys 0.5 BTC as "increase-1"
    Then operation "reduce-1" is FILLED
    And operation "increase-1" is rejected with code "POSITION_INSTRUMENT"

  Scenario: A strategy's notional limit leaves other strategies free
    Given strategy "alpha" holds 2 BTC
    And the risk limit max_position_per_strategy is 70000
    When strategy "alpha" buys 0.5 BTC as "alpha-more"
    And strategy "beta" buys 0.5 BTC as "beta-first"
    Then operation "alpha-more" is rejected with code "POSITION_STRATEGY"
    And operation "beta-first" is FILLED

  Scenario: The global position notional limit spans strategies
    Given strategy "alpha" holds 2 BTC
    And the risk limit max_global_position_notional is 70000
    When strategy "beta" buys 0.5 BTC as "beta-1"
    Then operation "beta-1" is rejected with code "POSITION_GLOBAL"

  Scenario: Total exposure counts resting orders too
    Given the risk limit max_total_notional_exposure is 100000
    When strategy "alpha" buys 2 BTC limit 29000 as "resting-1"
    And strategy "alpha" buys 2 BTC limit 29000 as "resting-2"
    Then operation "resting-1" is ACCEPTED
    And operation "resting-2" is rejected with code "EXPOSURE_NOTIONAL"

  Scenario Outline: Limit prices must be near the reference price
    Given the risk limit price_tolerance_bps is 50
    When strategy "alpha" buys 1 BTC limit <price> as "<op>"
    Then operation "<op>" is <status>

    Examples:
      | price | op       | status   |
      | 30100 | near     | FILLED   |
      | 31000 | far-up   | REJECTED |
      | 29000 | far-down | REJECTED |

  Scenario: A limit order far from the reference is rejected with its own code
    Given the risk limit price_tolerance_bps is 50
    When strategy "alpha" buys 1 BTC limit 31000 as "far"
    Then operation "far" is rejected with code "PRICE_TOLERANCE"

  Scenario: Available balance caps new exposure
    Given balances are checked
    And the available USDT balance on "BINANCE-FUTURES" is 40000
    When strategy "alpha" buys 1 BTC on "BINANCE-FUTURES" as "fits"
    And strategy "alpha" buys 2 BTC on "BINANCE-FUTURES" as "does-not-fit"
    Then operation "fits" is FILLED
    And operation "does-not-fit" is rejected with code "INSUFFICIENT_BALANCE"

  Scenario: The kill switch halts all trading
    Given the trading state is HALTED
    When strategy "alpha" buys 1 BTC as "halted-1"
    Then operation "halted-1" is rejected with code "TRADING_HALTED"

  Scenario: In REDUCING state only orders that reduce the position pass
    Given strategy "alpha" holds 2 BTC
    And the trading state is REDUCING
    When strategy "alpha" sells 1 BTC as "reduce"
    And strategy "alpha" buys 1 BTC as "increase"
    And strategy "alpha" sells 3 BTC as "flip"
    Then operation "reduce" is FILLED
    And operation "increase" is rejected with code "REDUCE_ONLY"
    And operation "flip" is rejected with code "REDUCE_ONLY"

  Scenario: Limits reload at runtime
    Given the risk limit max_order_quantity is 5
    When the limit max_order_quantity is reloaded to 1
    And strategy "alpha" buys 2 BTC as "after-reload"
    Then operation "after-reload" is rejected with code "ORDER_SIZE_MAX"
