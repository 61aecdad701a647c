// Package recovery answers the incident-time question "these things are
// down: in what order do we bring them back, who does what, and which
// services will miss their RTO?".
//
// Schedule builds a recovery schedule for a scenario: every component the
// scenario takes down until recovered is a step, done by its team with the
// strategy that would finish first given what is down, started only when
// everything it needs (its requirements and the strategy's preconditions)
// is up, and never more steps at once than a team's capacity. Steps are placed by serial schedule generation in
// priority order; the priority is an expr expression the user can replace
// (by default the earliest service deadline first, then the longest chain
// of work still behind the step). Small instances are solved exactly by
// trying every order. Each service's restoration time comes from
// re-simulating the scenario with the scheduled finish times, so it follows
// exactly the impact semantics of package bcp (tolerances, redundancy), and
// the work fallbacks leave to re-enter comes from the same re-simulation.
//
// Gaps answers the planning question "can our strategies meet our
// objectives?": recovery time and data loss capabilities along the
// dependencies, the gaps against RTO and RPO, 3-2-1 and test age.
package recovery
