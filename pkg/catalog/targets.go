package catalog

import "slices"

// PostgresTargets are the distinct PostgreSQL target names the services
// name, sorted.
func (c Catalog) PostgresTargets() []string {
	var out []string
	for _, s := range c.Services {
		if s.Postgres != "" {
			out = append(out, s.Postgres)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// AWSRegion is the region of the first service with AWS resources (its own,
// else defaultRegion), or "" when no service has AWS resources or none has
// a region to use.
func (c Catalog) AWSRegion(defaultRegion string) string {
	for _, s := range c.Services {
		if s.AWS == nil || *s.AWS == (AWSResources{}) {
			continue
		}
		if s.AWS.Region != "" {
			return s.AWS.Region
		}
		if defaultRegion != "" {
			return defaultRegion
		}
	}
	return ""
}
