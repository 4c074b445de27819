package inventory

import (
	"maps"
	"reflect"
	"slices"
)

// Settling a copy. settle's collapses go one way: once values merged into
// a parameter, the inventory holds only their hashes and cannot split them
// apart again. A trie settled piecemeal (the live sensor commits every
// 2 s, ingest too on a capture that takes longer, and a listing settles
// as well) would freeze decisions taken on part of the stream, so its
// templates would depend on when the commits fell: folder names taken for
// values because the files beside them had not come yet. So a host that
// is recording settles a copy when it is read (settledView): the copy is
// what is listed, and the recording trie goes on gathering evidence as if
// nobody had looked. MarshalHost stores a recording host unsettled too,
// and whoever loads it settles it when reading (codec version 11 keeps what
// only settle reads), so the next capture or a restarted sensor goes on
// from the evidence, not from templates. The live sensor, a listing taken
// while recording, one batch ingest, and ingests of a capture's parts one
// after the other all give the same templates for the same stream.
//
// Two cases still settle in place, as before: a host nothing was recorded
// into since it was made or loaded (a query of the database, a fleet
// collector's merge: there is nothing left to decide later), and a host at
// or past half its node cap (MaxNodesPerHost), whose literals a settle
// folds to make room before the cap refuses new paths. The copy lives only
// as long as its caller uses it, so a host's memory peaks at twice its
// trie while it is listed, within the same caps.

// settledView returns h settled: h itself, settled in place, or a settled
// copy (see above). Counters a copy's settle adds (collapses, folds) are
// kept per host as the latest copy's (hostState.snapStats), not added up
// on every commit.
func (inv *Inventory) settledView(h *hostState) *hostState {
	if h.settled || !h.recordingCopy(inv.cfg.MaxNodesPerHost) {
		if !h.settled {
			inv.settle(h)
			h.snapStats = Stats{} // in place: inv.stats counted it
		}
		return h
	}
	c := h.clone()
	ep, st := inv.endpoints, inv.stats
	inv.settle(c)
	h.snapStats = statsDelta(inv.stats, st)
	inv.endpoints, inv.stats = ep, st
	return c
}

// recordingCopy reports whether h, when read, settles a copy rather than
// itself: it is recording and below half its node cap.
func (h *hostState) recordingCopy(maxNodes int) bool {
	return h.recording && h.nodes < maxNodes/2
}

// clone copies the host's trie, endpoints and noise deeply: settling the
// copy leaves h as it was. The value set and the hints are shared, since
// settle only reads them.
func (h *hostState) clone() *hostState {
	c := *h
	c.root = h.root.clone()
	c.noise = make(map[string]*noiseEntry, len(h.noise))
	for k, e := range h.noise {
		x := *e
		x.agg = *e.agg.clone()
		c.noise[k] = &x
	}
	c.paramVals, c.paramValsUnder = nil, nil
	c.snapStats = Stats{}
	return &c
}

func (n *node) clone() *node {
	c := *n
	if n.lit != nil {
		c.lit = make(map[string]*node, len(n.lit))
		for k, x := range n.lit {
			c.lit[k] = x.clone()
		}
	}
	if n.param != nil {
		c.param = n.param.clone()
	}
	if n.methods != nil {
		c.methods = make(map[string]*agg, len(n.methods))
		for m, a := range n.methods {
			c.methods[m] = a.clone()
		}
	}
	c.vals = slices.Clone(n.vals)
	c.joined = slices.Clone(n.joined)
	return &c
}

// clone returns a deep copy (Endpoints derives output without touching the
// live state; a settled copy merges aggregates without touching the
// recording trie's).
func (a *agg) clone() *agg {
	c := *a
	c.statuses = maps.Clone(a.statuses)
	c.authKinds = maps.Clone(a.authKinds)
	c.jwtAlgs = maps.Clone(a.jwtAlgs)
	c.jwtClaims = maps.Clone(a.jwtClaims)
	c.sensitive = maps.Clone(a.sensitive)
	c.reqCT = maps.Clone(a.reqCT)
	c.respCT = maps.Clone(a.respCT)
	if a.query != nil {
		c.query = make(map[string]*paramStat, len(a.query))
		for k, p := range a.query {
			q := *p
			c.query[k] = &q
		}
	}
	c.reqShape, c.respShape = cloneShape(a.reqShape), cloneShape(a.respShape)
	if a.lat != nil {
		l := *a.lat
		c.lat = &l
	}
	if a.hll != nil {
		x := *a.hll
		c.hll = &x
	}
	c.examples = slices.Clone(a.examples)
	if a.grpc != nil {
		g := *a.grpc
		g.statuses = maps.Clone(a.grpc.statuses)
		c.grpc = &g
	}
	if a.tl != nil {
		t := *a.tl
		c.tl = &t
	}
	return &c
}

// statsDelta returns after − before, field by field (every Stats field
// is a counter).
func statsDelta(after, before Stats) Stats {
	var d Stats
	av, bv, dv := reflect.ValueOf(after), reflect.ValueOf(before), reflect.ValueOf(&d).Elem()
	for i := 0; i < dv.NumField(); i++ {
		dv.Field(i).SetUint(av.Field(i).Uint() - bv.Field(i).Uint())
	}
	return d
}

// addStats adds d into s, field by field.
func addStats(s *Stats, d Stats) {
	sv, dv := reflect.ValueOf(s).Elem(), reflect.ValueOf(d)
	for i := 0; i < sv.NumField(); i++ {
		sv.Field(i).SetUint(sv.Field(i).Uint() + dv.Field(i).Uint())
	}
}
