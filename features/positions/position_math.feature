@positions
Feature: Position math
  A netting position per instrument and venue: average entry, realized PnL on reduce
  and flip, unrealized PnL at a mark, fees kept apart.

  Scenario: Opening and adding average the entry price
    Given a flat linear position
    When it buys 1 at 100 with fee 0.1
    And it buys 3 at 104 with fee 0.3
    Then the position is 4 at an average entry of 103
    And realized PnL is 0
    And fees paid are 0.4
    And unrealized PnL at 110 is 28

  Scenario: Reducing realizes PnL on the reduced part only
    Given a flat linear position
    When it buys 4 at 100 with fee 0
    And it sells 1 at 110 with fee 0
    Then the position is 3 at an average entry of 100
    And realized PnL is 10
    And unrealized PnL at 90 is -30

  Scenario: Closing flattens and zeroes the entry
    Given a flat linear position
    When it sells 2 at 50 with fee 0
    And it buys 2 at 45 with fee 0
    Then the position is 0 at an average entry of 0
    And realized PnL is 10
    And unrealized PnL at 70 is 0

  Scenario: Flipping realizes the old side and opens the rest at the fill price
    Given a flat linear position
    When it buys 2 at 100 with fee 0
    And it sells 5 at 90 with fee 0
    Then the position is -3 at an average entry of 90
    And realized PnL is -20
    And unrealized PnL at 80 is 30

  Scenario: Inverse contracts realize PnL in the base asset
    Given a flat inverse position
    When it buys 1000 at 20000 with fee 0
    And it sells 1000 at 25000 with fee 0
    Then realized PnL is 0.01

  Scenario: Inverse entries average harmonically
    Given a flat inverse position
    When it buys 100 at 20000 with fee 0
    And it buys 100 at 30000 with fee 0
    Then the position is 200 at an average entry of 24000
