// Package backstage imports a Backstage software catalog (catalog-info.yaml
// files, several entities per file separated by ---) into a bcp model.
//
// Components, Resources, APIs and Systems become components; Groups become
// teams (the owners that recover what they own). Their ids are entity refs
// in lower case, "kind:name" or "kind:namespace/name" outside the default
// namespace, since refs are case-insensitive and names repeat across
// kinds. spec.dependsOn makes a requirement (its refs must name their
// kind); consumesApis makes the consumer require the API, and an API is a
// virtual component that is up while any component that provides it is up;
// a System is a service that requires its components; subcomponentOf makes
// the parent require the part. Annotations are kept under
// attributes.annotations, and pagerduty.com/service-id also as the
// PagerDuty id. Users, Locations, Domains, libraries and anything that
// cannot be resolved are named in the report.
package backstage
