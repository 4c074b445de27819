package diff

import "github.com/shadowtap/shadowtap/inventory"

// Documentation is how the specs document one observed endpoint, in the
// terms the diff reports it in: the documented template decides the
// parameter positions and names, also for an undocumented endpoint below a
// documented, parametrised prefix.
type Documentation struct {
	// Covered: a spec applies to the endpoint's host (with
	// Options.IncludeUncoveredHosts every host counts as covered, and an
	// endpoint there is undocumented).
	Covered bool `json:"covered"`
	// Operation is the documented operation the endpoint's calls belong to
	// (the one most of its examples matched); nil when none does.
	Operation *OperationRef `json:"operation,omitempty"`
	// Shadow is ShadowPath or ShadowMethod for an undocumented endpoint
	// (as its shadow finding says), else "".
	Shadow string `json:"shadow_type,omitempty"`
	// Path is the template the diff reports the endpoint on: the
	// operation's path with the base path its calls used, the documented
	// path of a shadow method, or the shadow path aligned to the specs
	// (align.go; the endpoint's own template when nothing aligns). Empty
	// when the endpoint is not covered, or was not answered and matched no
	// operation.
	Path string `json:"path,omitempty"`
}

// Document says, for each endpoint (same order as endpoints), how the specs
// document it: the same matching, base-path and prefix inference and
// alignment as Diff, with the same options. The endpoints should be the
// whole inventory (filter afterwards): what the rest of a host's traffic
// shows (values that filled documented parameters, an inferred version
// prefix) decides how each of its endpoints is matched.
func Document(endpoints []inventory.Endpoint, specs []*Spec, opts Options) []Documentation {
	docs := make(map[*inventory.Endpoint]*Documentation, len(endpoints))
	run(endpoints, specs, opts, docs)
	out := make([]Documentation, len(endpoints))
	for i := range endpoints {
		if doc := docs[&endpoints[i]]; doc != nil {
			out[i] = *doc
		}
	}
	return out
}
