package recovery

import (
	"context"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/internal/poll"
)

// Options configures Schedule. The zero value is the default policy.
type Options struct {
	// Priority is an expr expression evaluated for each step; steps with a
	// lower value are placed first. It sees the component's fields (as
	// rules do) and deadline (the earliest RTO deadline of the services the
	// step serves, as a duration from the scenario start; a year when none),
	// tail (the step's duration plus the longest chain of steps waiting for
	// it) and duration. Default: deadline - tail, which favours the most
	// urgent and then the longest remaining work.
	Priority string
	// ExhaustiveUpTo: with at most this many steps, every priority order is
	// tried and the best schedule kept: fewest steps finishing after their
	// deadline, then the smallest sum of finish times. 0 means 7; negative
	// disables.
	ExhaustiveUpTo int
	// DisruptionOnly makes Timeline the disruption alone, as if nobody
	// recovered: a component taken down without For stays down.
	DisruptionOnly bool
}

// Plan is a recovery schedule for a scenario.
type Plan struct {
	// Scenario and Name are the scenario's id and name.
	Scenario, Name string
	// Steps sorted by start, then id.
	Steps []Step
	// Services are the services down on the incident's timeline (with the
	// plan's restore times), sorted by id.
	Services []ServiceRestore
	// Unrecoverable are components that cannot be brought back: no
	// strategy, or waiting for something that cannot.
	Unrecoverable []Unrecoverable
	// Makespan is when the last step finishes; LowerBound is a bound no
	// schedule can beat (longest chain of steps, and each team's work
	// divided by its capacity), to show how far from optimal this one can be.
	Makespan, LowerBound time.Duration
	// Teams lists each team's load; Bottleneck is the team whose waiting
	// steps delayed the schedule most ("" when none did).
	Teams      []TeamLoad
	Bottleneck string
	// Exhaustive is set when every priority order was tried.
	Exhaustive bool
	// Backlogs is the work fallbacks leave to re-enter, per component
	// whose fallbacks have a backlogPerHour and ran under the plan, sorted
	// by id.
	Backlogs []Backlog
}

// Backlog is the work a component's fallbacks leave once it is back: what
// was done on paper must be entered again.
type Backlog struct {
	ID string
	// Fallbacks are the fallbacks that ran, by name.
	Fallbacks []string
	// Used is how long they ran under the plan; Work is the re-entry work
	// (Used times each fallback's backlogPerHour).
	Used, Work time.Duration
	// From is when the component is up again for good, when re-entry can
	// start; Until is From + Work, when it has caught up (Forever when
	// the component is never back).
	From, Until time.Duration
}

// Step is one recovery action.
type Step struct {
	ID       string
	Team     string
	Strategy string
	Start    time.Duration
	Finish   time.Duration
	// Deadline is the earliest RTO deadline of the services the step serves
	// (from the scenario start; a year when none has an RTO).
	Deadline time.Duration
	// Needs are the components that had to be up before the step started.
	Needs []string
	// WaitedFor explains the start: "disruption", "needs X" or "team T".
	WaitedFor string
}

// ServiceRestore is when a service is restored under the plan.
type ServiceRestore struct {
	ID string
	// DownAt and RestoredAt from the re-simulated scenario; RestoredAt is
	// Forever when it is not restored.
	DownAt, RestoredAt time.Duration
	// RTO is the RTO in force (bcp.Model.InForce), as the impact reports
	// it; RTODerived says the BIA derived it.
	RTO        time.Duration
	RTODerived bool
	// Met reports that no down period exceeds the RTO; nil without an RTO.
	Met *bool
	// CriticalPath is the chain of steps that decided RestoredAt, last
	// step first, following what each step waited for.
	CriticalPath []string
}

// Unrecoverable is a component the plan cannot bring back, and why.
type Unrecoverable struct {
	ID, Reason string
}

// TeamLoad is one team's work in the plan.
type TeamLoad struct {
	ID string
	// Name and Contact come from the model's team ("" when the team is
	// not declared: an owner used as a team).
	Name, Contact string
	Capacity      int
	Steps         int
	Work          time.Duration
	// Delay is the total time steps waited for this team after everything
	// they needed was up.
	Delay time.Duration
}

// PriorityEnv is what the Priority expression sees.
type PriorityEnv struct {
	bcp.Env
	Deadline time.Duration `expr:"deadline"`
	Tail     time.Duration `expr:"tail"`
	Duration time.Duration `expr:"duration"`
}

const defaultPriority = "deadline - tail"

// noDeadline stands for services without an RTO: a year after the start.
const noDeadline = 365 * 24 * time.Hour

// Incident is a scenario's incident timeline: the disruption, tolerances
// and fallbacks, then recovery where the model says how (strategies and
// teams), then restored. Impact, the recovery plan, BIA impact tolerance,
// risk losses and the HTTP API all read it, so that they tell one story:
// a service's UpAt in Impact is its RestoredAt in Plan.
type Incident struct {
	// Scenario is the scenario as given.
	Scenario bcp.Scenario
	// Impact is what goes down and when, each component taken down without
	// For back when its recovery step finishes (never when it has none).
	Impact *bcp.Impact
	// Plan is the recovery plan behind Impact; nil with DisruptionOnly.
	Plan *Plan
}

// Timeline assembles a scenario's incident timeline: the model's own
// scenario (from Model.Scenario) or one built in code (a what-if, an
// incident). With opts.DisruptionOnly it is the disruption alone, as if
// nobody recovered.
func Timeline(m *bcp.Model, sc bcp.Scenario, opts Options) (*Incident, error) {
	return TimelineContext(context.Background(), m, sc, opts)
}

// TimelineContext is Timeline, stopped when ctx ends: it then returns
// ctx's error (context.Canceled or context.DeadlineExceeded).
func TimelineContext(ctx context.Context, m *bcp.Model, sc bcp.Scenario, opts Options) (*Incident, error) {
	if opts.DisruptionOnly {
		im, err := m.SimulateContext(ctx, sc, bcp.SimulateOptions{})
		if err != nil {
			return nil, err
		}
		return &Incident{Scenario: sc, Impact: im}, nil
	}
	plan, im, err := schedule(ctx, m, sc, opts, nil)
	if err != nil {
		return nil, err
	}
	return &Incident{Scenario: sc, Impact: im, Plan: plan}, nil
}

// Schedule plans the recovery of a scenario, the model's own or one built
// in code. It is Timeline's plan, without the impact of components other
// than services.
func Schedule(m *bcp.Model, sc bcp.Scenario, opts Options) (*Plan, error) {
	return ScheduleContext(context.Background(), m, sc, opts)
}

// ScheduleContext is Schedule, stopped when ctx ends: it then returns
// ctx's error (context.Canceled or context.DeadlineExceeded).
func ScheduleContext(ctx context.Context, m *bcp.Model, sc bcp.Scenario, opts Options) (*Plan, error) {
	comps := m.Components()
	plan, _, err := schedule(ctx, m, sc, opts, func(i int) bool { return comps[i].Kind == bcp.KindService })
	return plan, err
}

// schedule plans the recovery and re-simulates the scenario with each
// recovered component down until its step finishes; only limits the
// components reported in the returned impact (nil: all).
func schedule(ctx context.Context, m *bcp.Model, sc bcp.Scenario, opts Options, only func(int) bool) (*Plan, *bcp.Impact, error) {
	// Only services' impact (and that of components whose fallbacks leave a
	// backlog) is read; skipping the others' reports halves the cost when
	// most of a large model is down.
	comps := m.Components()
	keep := func(i int) bool { return comps[i].Kind == bcp.KindService || hasBacklog(&comps[i]) }
	im, err := m.SimulateContext(ctx, sc, bcp.SimulateOptions{Only: keep})
	if err != nil {
		return nil, nil, err
	}
	targets := im.TargetIndices()
	total := 0
	for _, ts := range targets {
		total += len(ts)
	}
	p := newPlanner(m, total)
	defer p.release()
	p.ctx, p.pl = ctx, poll.New(ctx)
	p.targets = targets
	p.markCone()
	for di, d := range sc.Disrupt {
		for _, x := range targets[di] {
			if d.For == 0 {
				p.addStep(x, bcp.SatAdd(d.At, d.RecoverAfter))
			} else {
				p.finite[x] = max(p.finite[x], bcp.SatAdd(d.At, d.For))
			}
		}
	}
	p.chooseStrategies()
	p.linkSteps()
	if p.err != nil {
		return nil, nil, p.err
	}
	if err := p.prioritise(im, opts.Priority); err != nil {
		return nil, nil, err
	}
	limit := opts.ExhaustiveUpTo
	if limit == 0 {
		limit = 7
	}
	exhaustive := len(p.steps) > 0 && len(p.steps) <= limit
	if exhaustive {
		p.generateScan(p.bestOrder())
	} else {
		p.generate(p.priorityOrder())
	}
	if p.err != nil {
		return nil, nil, p.err
	}
	keepAfter := keep
	if only == nil {
		keepAfter = nil
	} else {
		keepAfter = func(i int) bool { return only(i) || keep(i) }
	}
	return p.report(sc, exhaustive, keepAfter)
}
