@live
Feature: Live order flows on Deribit
  The live service trades Deribit through its JSON-RPC adapter (a fake exchange on
  loopback, real WebSocket and HTTP). Amounts are USD contracts of the inverse perpetual.

  Background:
    Given Deribit's BTC-PERPETUAL book has asks 50000 x 100, 50010 x 200 and bids 49990 x 100

  Scenario: A market order fills across levels
    When strategy "alpha" buys 150 BTC as "fill"
    Then operation "fill" is FILLED
    And operation "fill" has 2 fills
    And operation "fill" has filled 150 at an average of 50003.3333
    And the BTC position is 150

  Scenario: A resting order fills partially, then completely, through the event stream
    When strategy "alpha" buys 100 BTC limit 49000 as "partial"
    Then operation "partial" is ACCEPTED
    When someone sells 40 at 49000 on Deribit's BTC-PERPETUAL
    Then operation "partial" is PARTIALLY_FILLED
    When someone sells 100 at 48900 on Deribit's BTC-PERPETUAL
    Then operation "partial" is FILLED
    And operation "partial" has 2 fills

  Scenario: A resting order is canceled at the venue
    When strategy "alpha" buys 100 BTC limit 45000 as "cancel-me"
    And operation "cancel-me" is canceled
    Then operation "cancel-me" is CANCELED
    When someone sells 100 at 44000 on Deribit's BTC-PERPETUAL
    Then the BTC position is 0

  Scenario: A final venue error rejects the order with its reason
    Given Deribit answers the next 1 orders with error 10009 "not_enough_funds"
    When strategy "alpha" buys 100 BTC as "broke"
    Then operation "broke" fails with "10009: not enough funds"

  Scenario: A rate limit answer backs off and the order still goes through
    Given Deribit rate-limits the next 1 orders
    When strategy "alpha" buys 100 BTC as "throttled"
    Then operation "throttled" is FILLED
    And operation "throttled" has 1 fills

  Scenario: A fill during a disconnect is delivered once after reconnecting
    When strategy "alpha" buys 100 BTC limit 49000 as "gap"
    And Deribit drops the connection and refuses new ones
    And someone sells 100 at 49000 on Deribit's BTC-PERPETUAL
    And Deribit accepts connections again
    Then operation "gap" is FILLED
    And operation "gap" has 1 fills
    And the BTC position is 100

  Scenario: An order placed although Deribit answered an error is adopted, not sent twice
    Given Deribit places the next order but answers error 11094 "internal_server_error"
    When strategy "alpha" buys 150 BTC as "placed-anyway"
    Then operation "placed-anyway" is FILLED
    And operation "placed-anyway" has 2 fills
    And Deribit holds 1 order for operation "placed-anyway"
    And the BTC position is 150

  Scenario: An order whose answer is lost with the connection is found by its label
    Given Deribit places the next order and then drops the connection
    When strategy "alpha" buys 100 BTC limit 49000 as "lost-answer"
    Then operation "lost-answer" is ACCEPTED
    And Deribit holds 1 order for operation "lost-answer"

  Scenario: An expired token is renewed at once and trading goes on
    Given Deribit has expired the session's token
    When strategy "alpha" buys 100 BTC as "after-expiry"
    Then operation "after-expiry" is FILLED
    And Deribit holds 1 order for operation "after-expiry"
