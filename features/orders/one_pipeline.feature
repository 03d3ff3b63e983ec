@lifecycle
Feature: One pipeline: the same rules for signals and algorithms in backtest and live
  A signal sets its stream's (strategy, instrument) target. When the target changes, what
  the stream still has working is cancelled and the new order is sized from the FILLED
  position, never counting working orders. An algorithm order is routed once; all its
  children go to that venue. The backtest's order plan and the live service apply both
  rules through the same functions (application/signals/target_move.py,
  application/algorithms/placement.py); bench/parity.py replays a day through both.

  Background:
    Given venues:
      | venue           | taker_bps | maker_bps | min_size |
      | BINANCE-FUTURES | 4         | 2         | 0.001    |
      | BYBIT           | 5         | 2         | 0.001    |
    And the BTC book on "BINANCE-FUTURES" is bid 29990 x 50 / ask 30010 x 50
    And the BTC book on "BYBIT" is bid 29990 x 50 / ask 30010 x 50

  Scenario: A new target cancels the working order and orders from the filled position
    When strategy "alpha" targets 1 BTC limit 29950 as "sig-1"
    Then operation "sig-1" is ACCEPTED
    When strategy "alpha" targets 0.5 BTC as "sig-2"
    Then operation "sig-1" is CANCELED
    And signal "sig-2" ordered to BUY 0.5
    And the BTC position is 0.5

  Scenario: A partly filled working order counts only with what it filled
    When strategy "alpha" targets 1 BTC limit 29950 as "sig-1"
    And a trade prints at 29950 for 0.4 BTC on "BINANCE-FUTURES"
    And strategy "alpha" targets -1 BTC as "sig-2"
    Then operation "sig-1" is CANCELED
    And signal "sig-2" ordered to SELL 1.4
    And the BTC position is -1

  Scenario: A signal that keeps the target leaves the working order alone
    When strategy "alpha" targets 1 BTC limit 29950 as "sig-1"
    And strategy "alpha" targets 1 BTC as "sig-2"
    Then signal "sig-2" sent no order
    And operation "sig-1" is ACCEPTED

  Scenario: Every child of an algorithm goes to the venue its order was routed to
    When strategy "alpha" buys 0.6 BTC by TWAP with horizon 60 s every 10 s as "twap-1"
    Then operation "twap-1" went to "BINANCE-FUTURES"
    When the BTC book on "BINANCE-FUTURES" becomes bid 29940 x 50 / ask 30060 x 50
    And the clock advances 60 seconds
    Then operation "twap-1" has 6 child orders
    And every child of "twap-1" went to "BINANCE-FUTURES"
    And the BTC position is 0.6
