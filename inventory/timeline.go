package inventory

import "time"

// timelineBuckets is how many counters a timeline keeps: enough for a
// readable bar chart, small enough (128 bytes) to keep one per endpoint.
const timelineBuckets = 32

// timelineMinWidth is the finest bucket: a second. A capture of a few
// seconds still draws several bars; a sensor running for a month ends with
// buckets of 2^17 s (36 hours).
const timelineMinWidth = int64(time.Second)

// timeline is a bounded histogram of an endpoint's hits over time. Bucket i
// counts the hits in [(lo+i)*width, (lo+i+1)*width) (unix nanoseconds).
// When a hit falls outside the span the counters cover, neighbouring
// buckets are merged pairwise and the width doubles until it fits, so the
// whole time since the first hit stays covered by timelineBuckets counters
// whatever the order of the hits (merged captures arrive out of order).
// Widths are a second times a power of two, so two timelines always align.
type timeline struct {
	lo    int64 // absolute index of bucket 0 at this width
	width int64
	n     [timelineBuckets]uint32 // saturating
}

// add counts c hits at time t (unix ns, > 0).
func (tl *timeline) add(t int64, c uint32) {
	if tl.width == 0 {
		tl.width = timelineMinWidth
		tl.lo = t / tl.width
	}
	idx := t / tl.width
	for idx < tl.lo || idx >= tl.lo+timelineBuckets {
		lo, hi := min(tl.lo, idx), max(tl.lastUsed(), idx)
		if hi-lo < timelineBuckets {
			tl.shift(lo)
			break
		}
		tl.coarsen()
		idx = t / tl.width
	}
	i := idx - tl.lo
	if v := tl.n[i] + c; v >= tl.n[i] {
		tl.n[i] = v
	} else {
		tl.n[i] = ^uint32(0)
	}
}

// lastUsed is the absolute index of the last non-empty bucket (lo when
// none is).
func (tl *timeline) lastUsed() int64 {
	for i := timelineBuckets - 1; i > 0; i-- {
		if tl.n[i] != 0 {
			return tl.lo + int64(i)
		}
	}
	return tl.lo
}

// shift moves bucket 0 to absolute index lo (≤ tl.lo), keeping the counts.
func (tl *timeline) shift(lo int64) {
	d := tl.lo - lo
	if d <= 0 {
		return
	}
	for i := timelineBuckets - 1; i >= 0; i-- {
		if j := int64(i) - d; j >= 0 {
			tl.n[i] = tl.n[j]
		} else {
			tl.n[i] = 0
		}
	}
	tl.lo = lo
}

// coarsen doubles the width, merging buckets pairwise.
func (tl *timeline) coarsen() {
	var n [timelineBuckets]uint32
	nlo := tl.lo / 2
	for i, v := range tl.n {
		if v == 0 {
			continue
		}
		j := (tl.lo+int64(i))/2 - nlo
		if s := n[j] + v; s >= n[j] {
			n[j] = s
		} else {
			n[j] = ^uint32(0)
		}
	}
	tl.n, tl.lo, tl.width = n, nlo, tl.width*2
}

// merge adds src's counts.
func (tl *timeline) merge(src *timeline) {
	if src == nil || src.width == 0 {
		return
	}
	if tl.width == 0 {
		*tl = *src
		return
	}
	for tl.width < src.width {
		tl.coarsen()
	}
	for i, v := range src.n {
		if v != 0 {
			tl.add((src.lo+int64(i))*src.width, v)
		}
	}
}

// Timeline is an endpoint's hits over time: Counts[i] hits began in
// [Start + i*Width, Start + (i+1)*Width). Width is a second times a power
// of two, grown as the endpoint's history lengthens so that at most 32
// buckets cover it; counts saturate at 2^32-1.
type Timeline struct {
	Start        time.Time `json:"start"`
	WidthSeconds int64     `json:"width_seconds"`
	Counts       []uint64  `json:"counts"`
}

// export returns the timeline with its trailing empty buckets dropped (nil
// when no hit had a time).
func (tl *timeline) export() *Timeline {
	if tl == nil || tl.width == 0 {
		return nil
	}
	last := int(tl.lastUsed() - tl.lo)
	out := &Timeline{Start: unixTime(tl.lo * tl.width), WidthSeconds: tl.width / int64(time.Second),
		Counts: make([]uint64, last+1)}
	for i := range out.Counts {
		out.Counts[i] = uint64(tl.n[i])
	}
	return out
}
