package bcp

import "time"

// Kind is the kind of a component: what it is in the organisation.
type Kind string

// The built-in kinds. A model may declare more under `kinds`.
const (
	KindService        Kind = "service"
	KindApplication    Kind = "application"
	KindData           Kind = "data"
	KindInfrastructure Kind = "infrastructure"
	KindNetwork        Kind = "network"
	KindSite           Kind = "site"
	KindSupplier       Kind = "supplier"
	KindPeople         Kind = "people"
)

// BuiltinKinds lists the kinds every model knows, in the order of the documentation.
var BuiltinKinds = []Kind{KindService, KindApplication, KindData, KindInfrastructure, KindNetwork, KindSite, KindSupplier, KindPeople}

// Document is a model as written: the parsed content of one or more files, or a
// model built in Go. It is plain data and may be changed freely; Compile turns
// it into an immutable Model. Positions are filled in by the loader and are
// zero for values built in code.
type Document struct {
	Version int
	// VersionPos is where the version is written, when loaded from a file.
	VersionPos  Position
	Name        string
	Description string
	// Kinds declares kinds beyond BuiltinKinds.
	Kinds      []KindDecl
	Components []Component
	Scenarios  []Scenario
	Rules      []Rule
	// Teams carry out recovery steps.
	Teams []Team
	// People are who the plan calls on; Roles the continuity roles they
	// hold; Exercises the record of tests of the plan.
	People    []Person
	Roles     []Role
	Exercises []Exercise
	// BIA configures the business impact analysis; nil means the defaults.
	BIA *BIAConfig
	// Currency is the unit losses are summed in; risks value the BIA
	// formulas of categories with this unit (see risks.go).
	Currency    string
	CurrencyPos Position
	// RiskAppetite, Risks, Controls and RiskMatrix are the risk register.
	RiskAppetite []AppetitePoint
	Risks        []Risk
	Controls     []Control
	RiskMatrix   *RiskMatrix
	// Files lists the files merged into this document, in load order.
	Files []string
	// extraBIA are the places of BIA configurations beyond the first, when
	// merged files configure it more than once.
	extraBIA []Position
	// currencyConflicts are the places of currencies that differ from the
	// first one, when merged files set more than one.
	currencyConflicts []Position
}

// KindDecl declares a kind of component that is not built in.
type KindDecl struct {
	Name        Kind
	Description string
	Pos         Position
}

// Component is anything the business depends on: a service, an application, a
// data set, infrastructure, a network, a site, a supplier or people.
type Component struct {
	ID          string
	Name        string
	Kind        Kind
	Owner       string
	Description string
	// Tier is the recovery tier, 1 = most critical; 0 means not set.
	Tier int
	// TierPos is where the tier is written, when loaded from a file.
	TierPos    Position
	Objectives Objectives
	// Attributes are free-form values visible to rules.
	Attributes map[string]any
	Tags       []string
	// ExternalIDs maps an outside system to the component's id there
	// ("servicenow": a CMDB sys_id, "pagerduty": a service id, "backstage":
	// an entity ref), so that incidents from those systems name it. An id
	// maps to one component per system.
	ExternalIDs map[string]string
	// ExternalIDPos are the positions of ExternalIDs' values, by system,
	// when loaded from a file.
	ExternalIDPos map[string]Position
	// Availability is the probability that the component is up at a random
	// time through its own causes (not counting its dependencies), e.g.
	// 0.995. 0 means not declared: the component does not fail by itself
	// (availability 1). A component that is always down is AlwaysDown.
	Availability float64
	// AlwaysDown marks a component that is always failed by itself
	// (availability 0, written availability: 0 in a file): a TRUE house
	// event or a basic event of probability 1 in a fault tree. Availability
	// must then be 0. It is separate so that a zero Availability can mean
	// "not declared" without turning an always-failed event into one that
	// never fails.
	AlwaysDown bool
	// Virtual components cannot fail by themselves: pure gates and groupings.
	Virtual   bool
	DependsOn []Dependency
	Fallbacks []Fallback
	// Recovery is how the component is brought back; nil when not planned.
	Recovery *Recovery
	// BIA is the component's business impact data; nil when not assessed.
	BIA *ComponentBIA
	Pos Position
}

// Team is a group that carries out recovery steps, Capacity of them at a
// time.
type Team struct {
	ID      string
	Name    string
	Contact string
	// Capacity is how many steps the team works on in parallel; 0 means 1.
	Capacity int
	// Members are the people in the team; Alternates stand in for them.
	Members    []Member
	Alternates []Member
	Pos        Position
}

// Recovery is a component's recovery plan: the team that does it and the
// strategies it can use.
type Recovery struct {
	// Team does the recovery; empty means the team whose id is the owner.
	Team       string
	Strategies []Strategy
	Pos        Position
}

// StrategyTypes are the kinds of recovery strategy.
var StrategyTypes = []string{"restore", "snapshot", "replication", "hot-standby", "warm-standby", "cold-standby", "draas", "alternate-site", "alternate-supplier", "cross-training", "manual", "rebuild"}

// Strategy is one way to recover a component, with its real capabilities.
type Strategy struct {
	Type string
	Name string
	// Time is the recovery time capability: from starting the step to the
	// component being up (activation, restore, failover, verification).
	Time time.Duration
	// DataLoss is the worst-case data lost: the backup interval for a
	// restore, the lag for replication, the snapshot interval.
	DataLoss time.Duration
	// Requires must be up before the step can start (the backup system,
	// the network, the recovery site).
	Requires []string
	// Copies, Media and Offsite describe backups, for the 3-2-1 check: how
	// many copies, on how many kinds of media, how many off-site.
	Copies, Media, Offsite int
	// Tested is when the strategy was last tested (zero: never).
	Tested time.Time
	Pos    Position
}

// NumberAttribute returns attribute name as a number, as YAML and JSON
// decode numbers (whole or not); ok is false when it is absent or not a
// number.
func (c *Component) NumberAttribute(name string) (float64, bool) {
	return toFloat(c.Attributes[name])
}

// OwnAvailability returns the probability that the component is up through
// its own causes: 0 when AlwaysDown, 1 when Availability is not declared,
// else Availability. Fault-tree analyses take 1 - OwnAvailability as its
// basic event's probability (a virtual component has none).
func (c *Component) OwnAvailability() float64 {
	switch {
	case c.AlwaysDown:
		return 0
	case c.Availability == 0:
		return 1
	}
	return c.Availability
}

// Label names the strategy for people: its name, or its type when it has
// none.
func (s Strategy) Label() string {
	if s.Name != "" {
		return s.Name
	}
	return s.Type
}

// Objectives are a component's continuity objectives. A zero duration means
// not set.
type Objectives struct {
	// RTO is the recovery time objective: how long it may stay down.
	RTO time.Duration
	// RPO is the recovery point objective: how much data (as time) may be lost.
	RPO time.Duration
	// MTPD is the maximum tolerable period of disruption.
	MTPD time.Duration
	// Availability is the availability target (SLA), e.g. 0.999; 0 means
	// none (a target of 0 would accept a component that is always down).
	Availability float64
	Pos          Position
}

// DependencyKind says how a dependency's members are combined.
type DependencyKind int

// The kinds of dependency.
const (
	// Requires is a hard requirement on one component.
	Requires DependencyKind = iota
	// AnyOf is redundancy: met while at least one member is up.
	AnyOf
	// AtLeast is a vote: met while at least K members are up.
	AtLeast
)

// String returns the name used in model files.
func (k DependencyKind) String() string {
	switch k {
	case Requires:
		return "requires"
	case AnyOf:
		return "anyOf"
	case AtLeast:
		return "atLeast"
	}
	return "unknown"
}

// Dependency is one requirement of a component: a single component (Requires),
// or a redundancy group (AnyOf, AtLeast K of Members).
type Dependency struct {
	Kind DependencyKind
	// ID is the required component, for Requires.
	ID string
	// Members are the group's components, for AnyOf and AtLeast.
	Members []string
	// K is the number of members that must be up, for AtLeast.
	K int
	// Tolerance is how long the dependent keeps running after the requirement
	// stops being met.
	Tolerance time.Duration
	Note      string
	Pos       Position
	// MemberPos are the positions of Members, when loaded from a file.
	MemberPos []Position
}

// Fallback is a manual workaround or degraded mode that gives partial capacity
// while its component is down, e.g. paper forms that still cover 70% of calls.
type Fallback struct {
	Name        string
	Description string
	// Capacity is the fraction of normal capacity the fallback gives, in (0,1].
	Capacity float64
	// Activation is the time from the component going down until the fallback
	// works.
	Activation time.Duration
	// MaxDuration is how long the fallback can be sustained once active; zero
	// means without limit.
	MaxDuration time.Duration
	// Requires lists components that must be up for the fallback to work
	// (the people who fill in the forms, the site they sit in).
	Requires []string
	// BacklogPerHour is the work left to re-enter once the component is
	// back, per hour the fallback ran: 15m means a quarter of the time
	// spent on paper. Zero: no backlog.
	BacklogPerHour time.Duration
	Pos            Position
}

// Scenario is a named disruption: what goes down, when, and for how long.
type Scenario struct {
	ID          string
	Name        string
	Description string
	Disrupt     []Disruption
	Pos         Position
}

// Disruption takes components down: one by ID, or all that Select matches.
type Disruption struct {
	// ID names one component.
	ID string
	// Select is an expr expression evaluated on every component (the rule
	// environment); those for which it is true are disrupted.
	Select string
	// At is when the disruption starts, from the scenario start.
	At time.Duration
	// For is how long it lasts, known in advance: the component is back at
	// At + For whatever the recovery plan says. Zero means until recovered:
	// back when its recovery step finishes (package recovery), or never
	// when the model says of no way to recover it.
	For time.Duration
	// RecoverAfter is how long the cause lasts before recovery can start
	// (ransomware: locked out for 2d while the attack is contained, then
	// restored): the component stays down until its recovery step, which
	// starts no earlier than At + RecoverAfter, finishes. At most one of
	// For and RecoverAfter is set.
	RecoverAfter time.Duration
	// Fraction, when above 0, disrupts only that share of the matched
	// components (rounded up): "40% of people unavailable". Which ones is
	// decided by Seed, reproducibly: the matched ids, sorted, are shuffled
	// with a PCG generator seeded with Seed and the first ones taken.
	Fraction float64
	Seed     uint64
	Pos      Position
	// SelectPos is where the Select expression's text starts.
	SelectPos Position
}

// Severity is how serious a rule finding is.
type Severity string

// The severities, from most to least serious.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Rule is an expression rule. A rule with Check is a policy: it produces a
// finding for every component selected by When for which Check is false. A
// rule with Set derives values: for every selected component it sets each
// target to the value of its expression.
type Rule struct {
	Name        string
	Description string
	// When selects the components the rule applies to; empty means all.
	When  string
	Check string
	// Set maps a target (tier, owner, availability, objectives.rto,
	// objectives.rpo, objectives.mtpd, objectives.availability,
	// attributes.NAME) to an expression.
	Set      []Assignment
	Severity Severity
	// Message is the finding's text; {{expr}} parts are evaluated on the
	// component.
	Message string
	Pos     Position
	// WhenPos, CheckPos and MessagePos are where each expression's text starts,
	// so that a compile error points at the offending column.
	WhenPos, CheckPos, MessagePos Position
}

// Assignment is one target and expression of a set rule.
type Assignment struct {
	Target string
	Expr   string
	// Pos is the target's position; ExprPos where the expression's text starts.
	Pos, ExprPos Position
}
