@algorithms
Feature: Execution algorithms through the orchestrator
  The same schedulers drive child orders through risk, routing and the venues.

  Background:
    Given venues:
      | venue           | taker_bps | maker_bps | min_size |
      | BINANCE-FUTURES | 4         | 2         | 0.001    |
    And the BTC book on "BINANCE-FUTURES" is bid 29990 x 50 / ask 30010 x 50

  Scenario: TWAP sends its children on the clock
    When strategy "alpha" buys 0.6 BTC by TWAP with horizon 60 s every 10 s as "twap-1"
    Then operation "twap-1" has 1 child orders
    When the clock advances 10 seconds
    Then operation "twap-1" has 2 child orders
    When the clock advances 50 seconds
    Then operation "twap-1" has 6 child orders
    And operation "twap-1" is FILLED
    And operation "twap-1" has filled 0.6 at an average of 30010
    And the BTC position is 0.6

  Scenario: Canceling a TWAP stops further children
    When strategy "alpha" buys 0.6 BTC by TWAP with horizon 60 s every 10 s as "twap-2"
    And the clock advances 10 seconds
    And operation "twap-2" is canceled
    And the clock advances 60 seconds
    Then operation "twap-2" has 2 child orders
    And operation "twap-2" is CANCELED
    And the BTC position is 0.2

  Scenario: An Iceberg shows one clip at a time
    When strategy "alpha" buys 0.3 BTC limit 29950 by ICEBERG showing 0.1 as "ice-1"
    Then operation "ice-1" has 1 child orders
    When a trade prints at 29950 for 0.1 BTC on "BINANCE-FUTURES"
    Then operation "ice-1" has 2 child orders
    When a trade prints at 29950 for 0.5 BTC on "BINANCE-FUTURES"
    And a trade prints at 29950 for 0.5 BTC on "BINANCE-FUTURES"
    Then operation "ice-1" is FILLED
    And operation "ice-1" has 3 child orders

  Scenario: The kill switch stops an algorithm's further children
    When strategy "alpha" buys 0.6 BTC by TWAP with horizon 60 s every 10 s as "twap-3"
    And the trading state becomes HALTED
    And the clock advances 60 seconds
    Then operation "twap-3" has 1 child orders
    And operation "twap-3" is CANCELED

  Scenario: Bad algorithm parameters are refused before anything is sent
    When strategy "alpha" buys 0.6 BTC by TWAP with horizon 0 s every 10 s as "twap-bad"
    Then the order "twap-bad" is refused naming "exec_algorithm_params.horizon_secs"
