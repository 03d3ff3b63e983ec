@recovery
Feature: Orchestrator recovery
  Retryable venue errors are retried with backoff; a failing venue is routed around;
  a circuit breaker per venue opens and closes; one venue down never blocks another.

  Background:
    Given venues:
      | venue           | taker_bps | maker_bps |
      | BINANCE-FUTURES | 4         | 2         |
      | BYBIT           | 5.5       | 2         |
    And the BTC book on "BINANCE-FUTURES" is bid 29990 x 50 / ask 30010 x 50
    And the BTC book on "BYBIT" is bid 29990 x 50 / ask 30010 x 50

  Scenario: A retryable error is retried on the same venue
    Given "BINANCE-FUTURES" fails the next 2 submits with a retryable error
    When strategy "alpha" buys 1 BTC as "retry"
    Then operation "retry" is FILLED
    And operation "retry" went to "BINANCE-FUTURES"
    And "BINANCE-FUTURES" received 3 submits

  Scenario: A venue that keeps failing is routed around
    Given orders are tried 2 times per venue
    And the circuit breaker opens after 5 failures and cools down in 30 seconds
    And "BINANCE-FUTURES" fails the next 10 submits with a retryable error
    When strategy "alpha" buys 1 BTC as "reroute"
    Then operation "reroute" is FILLED
    And operation "reroute" went to "BYBIT"
    And "BINANCE-FUTURES" received 2 submits

  Scenario: The breaker opens after repeated failures and closes after a good probe
    Given orders are tried 1 times per venue
    And the circuit breaker opens after 2 failures and cools down in 10 seconds
    And "BINANCE-FUTURES" fails the next 2 submits with a retryable error
    When strategy "alpha" buys 1 BTC as "first"
    And strategy "alpha" buys 1 BTC as "second"
    Then the circuit breaker of "BINANCE-FUTURES" is OPEN
    And operation "second" went to "BYBIT"
    When strategy "alpha" buys 1 BTC as "while-open"
    Then operation "while-open" went to "BYBIT"
    And "BINANCE-FUTURES" received 2 submits
    When the clock advances 10 seconds
    Then the circuit breaker of "BINANCE-FUTURES" is HALF_OPEN
    When strategy "alpha" buys 1 BTC on "BINANCE-FUTURES" as "probe"
    Then operation "probe" is FILLED
    And the circuit breaker of "BINANCE-FUTURES" is CLOSED

  Scenario: A failed probe reopens the breaker
    Given orders are tried 1 times per venue
    And the circuit breaker opens after 1 failures and cools down in 5 seconds
    And "BINANCE-FUTURES" fails the next 2 submits with a retryable error
    When strategy "alpha" buys 1 BTC on "BINANCE-FUTURES" as "trip"
    And the clock advances 5 seconds
    And strategy "alpha" buys 1 BTC on "BINANCE-FUTURES" as "bad-probe"
    Then the circuit breaker of "BINANCE-FUTURES" is OPEN

  Scenario: One venue down never blocks another
    Given "BYBIT" is down
    When strategy "alpha" buys 1 BTC on "BINANCE-FUTURES" as "ok"
    And strategy "alpha" buys 1 BTC on "BYBIT" as "blocked"
    Then operation "ok" is FILLED
    And operation "blocked" fails with "NO_ROUTE"

  Scenario: When every venue fails the order is rejected with the reasons
    Given orders are tried 1 times per venue
    And "BINANCE-FUTURES" fails the next 5 submits with a retryable error
    And "BYBIT" fails the next 5 submits with a retryable error
    When strategy "alpha" buys 1 BTC as "nowhere"
    Then operation "nowhere" fails with "BINANCE-FUTURES"
    And operation "nowhere" fails with "BYBIT"
