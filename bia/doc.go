// Package bia is business impact analysis computed from the model instead of
// collected by questionnaire: it derives each service's objectives from how
// its impact grows over time, checks them against what was declared and
// against the dependencies, rolls them down to every supporting component,
// and checks impact tolerances against the model's scenarios.
//
// # Impact over time
//
// A component's bia.impact gives, per category (financial, customer, legal,
// ...; the set is configurable), either the levels impact reaches at elapsed
// times (a step function: {4h: 2, 1d: 4} is level 0 before 4h, 2 from 4h,
// 4 from 1d) or a formula of the elapsed time t whose amount the category's
// thresholds map to a level (`attributes.revenuePerHour * hours(t)`).
// Formulas are taken to be non-decreasing in t (impact accumulates); the
// first intolerable time is found to the second by bisection between the
// standard buckets, up to the last bucket.
//
// # Derivation
//
//   - MTPD: the first elapsed time at which any category reaches its
//     intolerable level; never, when none does.
//   - RTO: the model's RTO rule applied to the MTPD in force (declared, else
//     derived); by default the largest standard bucket not above it.
//   - RPO: the RPO rule applied to the data-loss tolerance (declared, else
//     the first amount of lost data whose impact is intolerable).
//   - Tier: the first tier whose maxRTO is at least the RTO in force.
//
// Declared objectives stay in force and are compared with derived ones.
//
// # Along dependencies
//
// A component that a demanding component hard-requires must be back within
// that component's RTO plus the dependency's tolerance; members of a
// redundancy group that survives one loss (anyOf of two or more, atLeast k
// of n with k < n) inherit nothing through it. RPOs roll down the same way
// without tolerance. The most demanding requirement wins, with the path it
// comes along; a component whose own objective is looser is a
// contradiction. Fallbacks do not relax roll-down (they give capacity, not
// an up component); they do count in the tolerance check.
//
// # Impact tolerance
//
// For every scenario, each assessed component the scenario takes down is
// checked against its impact tolerance (bia.impactTolerance, else its MTPD):
// the effective disruption accumulates at 1 - capacity while it is down
// (a fallback giving 70% capacity lets a quarter of an hour count as 4.5
// minutes), over the whole scenario, and the component is within tolerance
// when it never exceeds it.
package bia
