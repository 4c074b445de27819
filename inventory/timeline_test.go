package inventory

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func sumTimeline(tl *timeline) uint64 {
	var s uint64
	for _, v := range tl.n {
		s += uint64(v)
	}
	return s
}

// The timeline covers every hit whatever their order and span, and two
// halves merged equal the whole.
func TestTimeline(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC).UnixNano()
	r := rand.New(rand.NewPCG(1, 2))
	for _, span := range []time.Duration{30 * time.Second, 10 * time.Minute, 5 * time.Hour, 40 * 24 * time.Hour} {
		ts := make([]int64, 500)
		for i := range ts {
			ts[i] = t0 + r.Int64N(int64(span))
		}
		var inOrder, shuffled, a, b timeline
		sorted := slices.Clone(ts)
		slices.Sort(sorted)
		for _, x := range sorted {
			inOrder.add(x, 1)
		}
		for i, x := range ts {
			shuffled.add(x, 1)
			if i%2 == 0 {
				a.add(x, 1)
			} else {
				b.add(x, 1)
			}
		}
		a.merge(&b)
		for name, tl := range map[string]*timeline{"in order": &inOrder, "shuffled": &shuffled, "merged": &a} {
			if s := sumTimeline(tl); s != 500 {
				t.Errorf("%v %s: %d hits counted, want 500", span, name, s)
			}
			first, last := tl.lo*tl.width, (tl.lastUsed()+1)*tl.width
			if first > sorted[0] || last <= sorted[len(sorted)-1] {
				t.Errorf("%v %s: buckets cover [%d, %d), hits span [%d, %d]", span, name, first, last, sorted[0], sorted[len(sorted)-1])
			}
			// the width is the finest that fits: half of it would not
			if tl.width > timelineMinWidth && (sorted[len(sorted)-1]/(tl.width/2))-(sorted[0]/(tl.width/2)) < timelineBuckets/2 {
				t.Errorf("%v %s: width %v coarser than needed", span, name, time.Duration(tl.width))
			}
		}
		// the same hits in any order give the same buckets when the
		// widths agree
		if inOrder.width == shuffled.width && (inOrder.lo != shuffled.lo || inOrder.n != shuffled.n) {
			t.Errorf("%v: order changed the buckets", span)
		}
	}
}

// A timeline survives the codec, and a hit count survives LoadHost merges.
func TestTimelineEndpoint(t *testing.T) {
	inv := New(DefaultConfig())
	base := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 90; i++ {
		x := ex("GET", "/api/items", 200)
		x.RequestTime = base.Add(time.Duration(i) * time.Minute)
		inv.Observe(x)
	}
	eps := inv.Endpoints()
	if len(eps) != 1 || eps[0].HitsOverTime == nil {
		t.Fatalf("endpoints %+v", eps)
	}
	h := eps[0].HitsOverTime
	var sum uint64
	for _, c := range h.Counts {
		sum += c
	}
	if sum != 90 || len(h.Counts) > timelineBuckets || h.Start.After(base) || h.WidthSeconds != 256 {
		t.Errorf("timeline %+v (sum %d)", h, sum)
	}
	blob, err := inv.MarshalHost(eps[0].Host)
	if err != nil {
		t.Fatal(err)
	}
	back := New(DefaultConfig())
	for range 2 {
		if err := back.LoadHost(eps[0].Host, blob); err != nil {
			t.Fatal(err)
		}
	}
	h2 := back.Endpoints()[0].HitsOverTime
	for i, c := range h2.Counts {
		if c != 2*h.Counts[i] {
			t.Fatalf("loaded twice: %v, want twice %v", h2.Counts, h.Counts)
		}
	}
}
