// Package risk quantifies a model's risk register the way FAIR does, with
// one difference: the loss of an event is not guessed but computed. A risk
// strikes at a rate (Poisson) or with an annual probability (Bernoulli);
// each event may run one of the model's scenarios, whose disruptions
// without `for` last a sampled duration, and every component that goes down
// is valued with its BIA formulas in the categories whose unit is the
// model's currency, at its effective downtime (time down weighted by the
// capacity its fallbacks do not cover, as the BIA's tolerance check counts
// it). A direct loss per event (response, fines) is added.
//
// # Distributions
//
// A 90% interval {low, high} is a lognormal with low and high as its 5th and
// 95th percentiles: μ = (ln low + ln high)/2, σ = (ln high − ln low)/(2 ·
// 1.6448536269514722). A PERT {min, mode, max} is min + (max−min)·Beta(α, β)
// with method "vose" (the default; Vose's modified PERT as riskquant uses:
// α = 1 + 4(mode−min)/(max−min), β = 1 + 4(max−mode)/(max−min)) or
// "moments" (the classic PERT by the method of moments as pyfair uses: mean
// (min+4·mode+max)/6, standard deviation (max−min)/6). For (0, 5, 10) Vose
// gives α = β = 3, moments α = β = 4. An uncertain frequency is drawn once
// per simulated year.
//
// # Monte Carlo
//
// Analyze simulates Options.Years years. Random numbers come from PCG
// streams seeded with (seed, risk index, block of years), so the same seed
// gives the same result on any number of cores. Inherent (no controls) and
// residual (all of a risk's controls) losses come from the same events:
// controls thin the events (a frequency multiplier f keeps each event with
// probability f) and scale durations and direct losses, which is exact for
// Poisson and lognormal inputs and makes differences precise (common
// random numbers). Each control's value is the residual loss of its risks
// without it minus with it, from the same events too.
//
// # Scenario-driven risks
//
// Simulating a scenario for every event would dominate the run. The
// effective downtime of every valued component is a continuous piecewise
// linear function of the sampled duration (every interval end in the
// timeline is a constant or a constant plus the duration), so it is found
// once per scenario by simulating at its breakpoints and interpolated
// afterwards; tests check it against direct simulation. A formula that is
// affine in t by its syntax (attributes.revenuePerHour * hours(t)) is then
// linear in the duration between two breakpoints, so the loss of an event
// is interpolated too; other formulas are evaluated per event. A scenario
// risk without a duration takes the incident timeline as it is, once.
//
// # Closed forms
//
// For risks without a scenario and with a fixed frequency, the mean annual
// loss λ·E[loss] and the probability of any loss 1 − e^(−λ) (or p and p·E[loss]
// for an annual probability) are exact and reported beside the estimates.
package risk
