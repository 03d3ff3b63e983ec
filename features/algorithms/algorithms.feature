@algorithms
Feature: Execution algorithms release child orders on a schedule
  A parent order worked by an algorithm reaches the venue as child orders:
  TWAP and VWAP release them by the clock, Iceberg releases the next one when
  the shown one is filled. Children are whole lots and always add up to the parent.

  Background:
    Given the instrument trades in lots of 0.001

  Scenario: TWAP spreads the parent evenly over the horizon
    Given a TWAP to buy 1 over 60 s every 10 s
    When the clock runs to 60 s and every child fills
    Then 6 children were sent at 0, 10, 20, 30, 40, 50 s
    And every child is 0.166 or 0.167
    And the children add up to exactly 1
    And the run is COMPLETED

  Scenario: VWAP weights its children by the given volume profile
    Given a VWAP to sell 1 over 40 s every 10 s with volume profile 1, 2, 3, 4
    When the clock runs to 40 s and every child fills
    Then the children were 0.1, 0.2, 0.3, 0.4

  Scenario: VWAP learns its profile from yesterday, never from the future
    Given yesterday 30 traded in the first 10 s of the window and 10 in the next 10 s
    And 500 trades 5 s after the start
    And a VWAP to buy 1 over 20 s every 10 s
    When the clock runs to 20 s and every child fills
    Then the children were 0.75, 0.25

  Scenario: Iceberg shows a small part and refreshes it after each fill
    Given an Iceberg to buy 0.2 showing 0.05
    When the clock runs to 0 s
    Then 1 child of 0.05 is working
    When the working child fills 0.02
    Then 1 child of 0.05 is working with 0.03 left
    When the working child fills 0.03
    And the clock runs to 1 s
    Then 2 children were sent
    When the clock runs to 60 s and every child fills
    Then the children were 0.05, 0.05, 0.05, 0.05
    And the run is COMPLETED

  Scenario: A rejected child's quantity is carried into the next child
    Given a TWAP to buy 0.6 over 30 s every 10 s
    When the clock runs to 0 s
    And the venue rejects the working child
    And the clock runs to 30 s and every child fills
    Then the children were 0.2, 0.4, 0.2
    And the run is COMPLETED

  Scenario: A rejected last child is sent again once, then the run gives up
    Given a TWAP to buy 0.6 over 30 s every 10 s
    When the clock runs to 10 s and every child fills
    And the clock runs to 20 s
    And the venue rejects the working child
    And the clock runs to 21 s
    Then the children were 0.2, 0.2, 0.2, 0.2
    When the venue rejects the working child
    Then the run is FAILED with 0.2 left unfilled

  Scenario: Cancelling stops further children
    Given a TWAP to buy 1 over 60 s every 10 s
    When the clock runs to 20 s and every child fills
    And the trader cancels the run
    And the clock runs to 60 s and every child fills
    Then 3 children were sent at 0, 10, 20 s
    And the run is CANCELED with 0.5 filled

  Scenario Outline: Parameters the algorithm cannot work with are refused, naming the field
    When a <algorithm> is asked for with <params>
    Then it is refused naming <field>

    Examples:
      | algorithm | params                                                | field          |
      | TWAP      | {"horizon_secs": 60, "interval_secs": 90}             | interval_secs  |
      | TWAP      | {"interval_secs": 10}                                 | horizon_secs   |
      | VWAP      | {"horizon_secs": 20, "interval_secs": 10, "volume_profile": [1]} | volume_profile |
      | ICEBERG   | {"visible_quantity": "0.0505"}                        | visible_quantity |
