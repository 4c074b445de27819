package applab

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sort"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/pcapgo"
)

// Seed is the fixed seed of the impaired and mid-stream variants.
const Seed int64 = 7130419

// Impairment rates of the impaired variant (fractions of data segments).
const (
	ReorderRate   = 0.05
	DuplicateRate = 0.03
	LossRate      = 0.01
	// MidstreamConns is the most connections the mid-stream variant cuts.
	MidstreamConns = 8
)

// Protected chooses, greedily, a small set of connections that together
// carry a request for every observed endpoint and, for every endpoint
// labelled unauthenticated, a request without credentials answered 2xx.
// The variants never lose data or get cut on these connections.
func Protected(l *Labelled, c *Capture) map[int]bool {
	need := map[string]bool{}
	cover := map[int]map[string]bool{}
	for _, r := range l.Requests {
		if r.Endpoint == nil {
			continue
		}
		k := r.Endpoint.Method + " " + r.Endpoint.Path
		need[k] = true
		add := func(item string) {
			if cover[r.Conn] == nil {
				cover[r.Conn] = map[string]bool{}
			}
			cover[r.Conn][item] = true
		}
		add(k)
		if r.Endpoint.Has(LabelUnauthenticated) && r.NoCreds && r.Status >= 200 && r.Status < 300 {
			need["unauth "+k] = true
			add("unauth " + k)
		}
	}
	conns := make([]int, 0, len(cover))
	for id := range cover {
		conns = append(conns, id)
	}
	sort.Ints(conns)
	prot := map[int]bool{}
	for len(need) > 0 {
		best, bestN := -1, 0
		for _, id := range conns {
			if prot[id] {
				continue
			}
			n := 0
			for it := range cover[id] {
				if need[it] {
					n++
				}
			}
			if n > bestN || (n == bestN && n > 0 && len(c.Conns[id].Packets) < len(c.Conns[best].Packets)) {
				best, bestN = id, n
			}
		}
		if best < 0 {
			break
		}
		prot[best] = true
		for it := range cover[best] {
			delete(need, it)
		}
	}
	return prot
}

// Impaired returns the packet order of the impaired variant: about 5% of
// data segments delayed past the next segment of their direction, 3%
// duplicated, and 1% lost outside the protected connections.
func Impaired(c *Capture, prot map[int]bool, seed int64) []int {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	var out []int
	for i, p := range c.Packets {
		if p.DataSeg && p.Conn >= 0 {
			if !prot[p.Conn] && rng.Float64() < LossRate {
				continue
			}
			out = append(out, i)
			if rng.Float64() < DuplicateRate {
				out = append(out, i)
			}
			continue
		}
		out = append(out, i)
	}
	for k := 0; k < len(out); k++ {
		p := c.Packets[out[k]]
		if !p.DataSeg || p.Conn < 0 || rng.Float64() >= ReorderRate {
			continue
		}
		// the next data segment of the same direction, not closing it
		for j := k + 1; j < len(out) && j < k+64; j++ {
			q := c.Packets[out[j]]
			if q.Conn != p.Conn || q.FromSrv != p.FromSrv {
				continue
			}
			if q.FIN || q.RST || q.SYN || out[j] == out[k] {
				break
			}
			if !q.DataSeg {
				continue // a pure ACK of the same side
			}
			moved := out[k]
			copy(out[k:j], out[k+1:j+1])
			out[j] = moved
			break
		}
	}
	return out
}

// Midstream returns the packet order of the mid-stream variant: up to
// MidstreamConns keep-alive connections outside the protected set lose
// their handshake and first packets, cut at a random data segment (often in
// the middle of a message).
func Midstream(l *Labelled, c *Capture, prot map[int]bool, seed int64) ([]int, int) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5851f42d4c957f2d))
	reqs := map[int]int{}
	for _, r := range l.Requests {
		reqs[r.Conn]++
	}
	var elig []int
	for _, cn := range c.Conns {
		if !prot[cn.ID] && reqs[cn.ID] >= 2 && cn.clientSYN {
			elig = append(elig, cn.ID)
		}
	}
	rng.Shuffle(len(elig), func(i, j int) { elig[i], elig[j] = elig[j], elig[i] })
	if len(elig) > MidstreamConns {
		elig = elig[:MidstreamConns]
	}
	drop := map[int]bool{}
	for _, id := range elig {
		cn := c.Conns[id]
		var data []int
		for _, i := range cn.Packets {
			if c.Packets[i].DataSeg {
				data = append(data, i)
			}
		}
		if len(data) < 3 {
			continue
		}
		cut := data[1+rng.IntN(len(data)/2)]
		for _, i := range cn.Packets {
			if i >= cut {
				break
			}
			drop[i] = true
		}
	}
	var out []int
	for i := range c.Packets {
		if !drop[i] {
			out = append(out, i)
		}
	}
	return out, len(elig)
}

// WritePcap writes the packets in the given order as a classic pcap file
// with the capture's link type; timestamps are kept non-decreasing.
func WritePcap(path string, c *Capture, order []int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writePcap(f, c, order); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writePcap(w io.Writer, c *Capture, order []int) error {
	pw := pcapgo.NewWriter(w)
	if err := pw.WriteFileHeader(c.Snaplen, c.LinkType); err != nil {
		return err
	}
	var last gopacket.CaptureInfo
	for n, i := range order {
		p := c.Packets[i]
		ci := p.CI
		ci.CaptureLength = len(p.Data)
		if ci.Length < ci.CaptureLength {
			ci.Length = ci.CaptureLength
		}
		ci.InterfaceIndex = 0
		if n > 0 && ci.Timestamp.Before(last.Timestamp) {
			ci.Timestamp = last.Timestamp
		}
		last = ci
		if err := pw.WritePacket(ci, p.Data); err != nil {
			return fmt.Errorf("packet %d: %w", i, err)
		}
	}
	return nil
}
