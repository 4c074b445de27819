package reassembly

import (
	"context"
	"errors"
	"io"

	"github.com/shadowtap/shadowtap/capture"
)

// ctxCheckEvery is how many frames Process reads between looks at ctx.
const ctxCheckEvery = 4096

// Process drives a whole run: it reads every frame of src, decodes it to a
// TCP segment, keeps those match accepts (nil: all), feeds them to a new
// Engine, and closes the engine. It returns the merged counters (the
// decoder's under Stats.Capture) and the source's error, if any: a
// *capture.CaptureError is returned after every frame before it was
// processed and every exchange emitted. A cancelled ctx stops the read;
// what was read is still flushed and emitted, and ctx.Err() is returned.
// Process does not close src.
func Process(ctx context.Context, src capture.Source, match func(*capture.Segment) bool, cfg Config, emit func(*Exchange)) (Stats, error) {
	return ProcessWithEngine(ctx, src, match, cfg, emit, nil)
}

// ProcessWithEngine is Process that hands the engine it starts to started
// (when not nil) before reading the first frame, so that another goroutine
// can read live counters with Engine.Stats while the run goes on (a
// sensor's periodic report). started is called from the calling goroutine
// and must not block; it must not call Feed or Close.
func ProcessWithEngine(ctx context.Context, src capture.Source, match func(*capture.Segment) bool, cfg Config, emit func(*Exchange), started func(*Engine)) (Stats, error) {
	e := NewEngine(cfg, emit)
	if started != nil {
		started(e)
	}
	dec := capture.NewDecoder(capture.DecoderOptions{})
	var seg capture.Segment
	var rerr error
	var n, notTCP, filtered uint64
	for {
		if n%ctxCheckEvery == 0 && ctx != nil {
			if err := ctx.Err(); err != nil {
				rerr = err
				break
			}
		}
		data, ci, link, err := src.ReadPacket()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				rerr = err
			}
			break
		}
		n++
		if !dec.Decode(data, ci, link, &seg) {
			notTCP++
			continue
		}
		if match != nil && !match(&seg) {
			filtered++
			continue
		}
		e.Feed(&seg)
	}
	st := e.Close()
	ds := dec.Stats
	st.Packets = ds.Packets
	st.Bytes = ds.Bytes
	st.NotTCP += notTCP
	st.Filtered += filtered
	st.Capture = map[string]uint64{
		"packets":           ds.Packets,
		"bytes":             ds.Bytes,
		"tcp":               ds.TCP,
		"non_tcp":           ds.NonTCP,
		"decode_errors":     ds.DecodeErrors,
		"truncated":         ds.Truncated,
		"unsupported_link":  ds.UnsupportedLink,
		"vlan_tagged":       ds.VLANTagged,
		"ipv6":              ds.IPv6,
		"fragments":         ds.Fragments,
		"reassembled":       ds.Reassembled,
		"fragment_drops":    ds.FragmentDrops,
		"fragment_timeouts": ds.FragmentTimeouts,
		"ipv6_fragments":    ds.IPv6Fragments,
	}
	return st, rerr
}
