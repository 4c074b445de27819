package inventory

import (
	"strings"

	"github.com/shadowtap/shadowtap/reassembly"
)

// Redirected values. A handler that answers /schemas/{id} with a redirect
// to a place built from the id (307 to https://other/schemas/{id})
// answers a value it was not seen with the same way. Each aggregate keeps
// a salted fingerprint of its redirects' Location with the request's last
// segment blanked (agg.redir); a literal leaf beside a parameter, only
// ever redirected, whose fingerprint is the parameter's is one of its
// values (redirectFold). Routes that redirect elsewhere (/login to
// /sso/start) do not share a fingerprint with their parameter sibling.

// redirOf fingerprints a 3xx answer's Location (0: none).
func (inv *Inventory) redirOf(x *reassembly.Exchange, segs []string) uint64 {
	loc := respHeaderValue(x, "Location")
	if loc == "" || len(segs) == 0 {
		return 0
	}
	if i := strings.IndexAny(loc, "?#"); i >= 0 {
		loc = loc[:i]
	}
	last := segs[len(segs)-1]
	if len(last) < 2 {
		return 0
	}
	i := strings.LastIndex(loc, last)
	if i < 0 {
		return 0 // the value is not in the target: nothing to compare
	}
	h := valueHashOf(inv.valueSalt()^0x7265646972, loc[:i])
	h = valueHashOf(h, "\x00{}\x00")
	h = valueHashOf(h, loc[i+len(last):])
	if h <= pageOther {
		h += 2
	}
	return h
}

// noteRedir folds one redirect's fingerprint (or another agg's) into a.
func (a *agg) noteRedir(r uint64) {
	switch {
	case r == 0 || a.redir == r:
	case a.redir == 0:
		a.redir = r
	default:
		a.redir = pageOther
	}
}

// redirectFold folds into n's parameter the literal leaves that were only
// ever redirected the way the parameter's endpoints are.
func (inv *Inventory) redirectFold(h *hostState, n *node) bool {
	k := inv.foldLeaves(h, n, func(string) bool { return true }, func(a, pa *agg) bool {
		return a.redir > pageOther && pa.redir == a.redir && onlyRedirected(a)
	})
	inv.stats.RedirectFolds += uint64(k)
	return k > 0
}

func onlyRedirected(a *agg) bool {
	seen := false
	for st, n := range a.statuses {
		if n == 0 {
			continue
		}
		if st/100 != 3 {
			return false
		}
		seen = true
	}
	return seen
}
