package capture

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// Seed corpora live in testdata/fuzz/FuzzX/ (real captures and frames from
// testdata, written by TestWriteFuzzSeeds with -update-seeds); plain go test
// replays them.

// fuzzReadLimit bounds the frames read per input.
const fuzzReadLimit = 10000

// FuzzOpenFiles feeds arbitrary bytes as a capture file (through stdin, so
// the whole Files path runs: gzip sniffing, pcap, pcapng). It must not panic,
// every frame must fit the caps, and the only errors are *CaptureError.
func FuzzOpenFiles(f *testing.F) {
	for _, tc := range corpusFiles[:4] {
		f.Add(mustRead(f, tc.name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := openFiles(256<<10, bytes.NewReader(b), "-")
		if err != nil {
			var ce *CaptureError
			if !errors.As(err, &ce) {
				t.Fatalf("open error %T %v is not a *CaptureError", err, err)
			}
			return
		}
		defer src.Close()
		d := NewDecoder(DecoderOptions{MaxFragBytes: 1 << 20})
		var seg Segment
		for range fuzzReadLimit {
			data, ci, link, err := src.ReadPacket()
			if err == io.EOF {
				return
			}
			if err != nil {
				var ce *CaptureError
				if !errors.As(err, &ce) || ce.File != "-" || ce.Offset < 0 || ce.Packet < 1 {
					t.Fatalf("read error %T %v", err, err)
				}
				return
			}
			if len(data) > MaxFrameSize || ci.CaptureLength != len(data) {
				t.Fatalf("frame %d bytes, caplen %d", len(data), ci.CaptureLength)
			}
			d.Decode(data, ci, link, &seg)
			if d.panics != 0 {
				t.Fatalf("decoder panicked on link %v", link)
			}
		}
	})
}

// FuzzReader is FuzzOpenFiles without the Files wrapper, on the raw record
// reader, also checking the reported position.
func FuzzReader(f *testing.F) {
	for _, tc := range corpusFiles[4:] {
		f.Add(mustRead(f, tc.name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := newFileReader("fuzz", bytes.NewReader(b), nil, 256<<10)
		if err != nil {
			return
		}
		for range fuzzReadLimit {
			before := r.off + int64(r.pending)
			data, _, _, err := r.read()
			if err != nil {
				if err != io.EOF {
					var ce *CaptureError
					if !errors.As(err, &ce) || ce.Offset < before {
						t.Fatalf("error %v at offset before %d", err, before)
					}
				}
				return
			}
			if r.off > int64(len(b)) && b[0] != 0x1f { // not gzip: offsets are file offsets
				t.Fatalf("offset %d past end %d", r.off, len(b))
			}
			if len(data) > MaxFrameSize {
				t.Fatalf("frame %d bytes", len(data))
			}
		}
	})
}

// fuzzLinks are the link types FuzzDecode chooses from.
var fuzzLinks = []layers.LinkType{layers.LinkTypeEthernet, layers.LinkTypeLinuxSLL, layers.LinkTypeLinuxSLL2, layers.LinkTypeNull,
	layers.LinkTypeLoop, layers.LinkTypeRaw, layers.LinkTypeIPv4, layers.LinkTypeIPv6, 12, 14}

// FuzzDecode decodes arbitrary frame bytes with each link type, twice (the
// second pass sees fragment state): no panic, and a returned segment is
// consistent.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases(f) {
		for i, l := range fuzzLinks {
			if l == tc.link {
				f.Add(uint8(i), tc.frame)
			}
		}
	}
	v4 := ipv4TCP(f)
	f.Add(uint8(0), outer(f, layers.IPProtocolUDP, 4789, cat([]byte{0x08, 0, 0, 0, 0, 0x10, 0x92, 0}, ethHdr(layers.EthernetTypeIPv4), v4)))
	f.Add(uint8(0), outer(f, layers.IPProtocolGRE, 0, cat(greHdr(layers.EthernetTypeERSPAN, 0, true), []byte{0x10, 0, 0x00, 5, 0, 0, 0, 0}, ethHdr(layers.EthernetTypeIPv4), v4)))
	f.Add(uint8(0), outer(f, layers.IPProtocolGRE, 0, cat(greHdr(layers.EthernetTypeIPv4, 7, false), v4)))
	for _, fr := range fragments(f, bigIPv4TCP(f, 1, 1200), 400) {
		f.Add(uint8(0), fr)
	}
	f.Fuzz(func(t *testing.T, li uint8, frame []byte) {
		link := fuzzLinks[int(li)%len(fuzzLinks)]
		d := NewDecoder(DecoderOptions{MaxFragDatagrams: 4, MaxFragBytes: 1 << 18})
		var seg Segment
		for range 2 {
			ok := d.Decode(frame, gopacket.CaptureInfo{CaptureLength: len(frame), Length: len(frame)}, link, &seg)
			if d.panics != 0 {
				t.Fatal("a layer decoder panicked")
			}
			if ok {
				if seg.TCP == nil || !seg.Src.IsValid() || !seg.Dst.IsValid() || seg.Src.Is4() != seg.Dst.Is4() {
					t.Fatalf("inconsistent segment %+v", seg)
				}
				if len(seg.TCP.Payload) > 65535 {
					t.Fatalf("payload %d bytes", len(seg.TCP.Payload))
				}
			}
		}
		if d.Stats.Packets != 2 || d.Stats.TCP > 2 {
			t.Fatalf("stats %+v", d.Stats)
		}
		if d.defrag.bytes > 1<<18 {
			t.Fatalf("defrag holds %d bytes", d.defrag.bytes)
		}
	})
}
