package capture

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

func BenchmarkDecode(b *testing.B) {
	v4, v6 := ipv4TCP(b), ipv6TCP(b)
	for _, bc := range []struct {
		name  string
		link  layers.LinkType
		frame []byte
	}{
		{"ethernet_ipv4", layers.LinkTypeEthernet, slices.Concat(ethHdr(layers.EthernetTypeIPv4), v4)},
		{"ethernet_ipv6", layers.LinkTypeEthernet, slices.Concat(ethHdr(layers.EthernetTypeIPv6), v6)},
		{"qinq_ipv4", layers.LinkTypeEthernet, slices.Concat(ethVLAN(layers.EthernetTypeIPv4, []uint16{0x88a8, 0x8100}, []uint16{10, 20}), v4)},
		{"sll2_ipv4", layers.LinkTypeLinuxSLL2, slices.Concat(sll2Hdr(layers.EthernetTypeIPv4), v4)},
		{"raw_ipv6", layers.LinkTypeRaw, v6},
	} {
		b.Run(bc.name, func(b *testing.B) {
			d := NewDecoder(DecoderOptions{})
			var seg Segment
			ci := gopacket.CaptureInfo{Timestamp: t0, CaptureLength: len(bc.frame), Length: len(bc.frame)}
			if !d.Decode(bc.frame, ci, bc.link, &seg) {
				b.Fatal("not decoded")
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.frame)))
			for b.Loop() {
				d.Decode(bc.frame, ci, bc.link, &seg)
			}
		})
	}
}

// benchCapture returns a capture file to read: $SHADOWTAP_BENCH_PCAP if set
// (e.g. the perf generator's small.pcap), else a ~32 MiB pcap made by
// repeating the Ethernet frames of the testdata captures.
func benchCapture(b *testing.B) string {
	if p := os.Getenv("SHADOWTAP_BENCH_PCAP"); p != "" {
		return p
	}
	var frames [][]byte
	for _, name := range []string{"suricata-vlan-gzip-port8000.pcap", "arkime-head-500.pcap", "arkime-100-continue-ipv6.pcap", "zeek-vlan-qinqinq.pcap"} {
		fr, err := readBytes(name, mustRead(b, name))
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range fr {
			frames = append(frames, f.data)
		}
	}
	p := filepath.Join(b.TempDir(), "bench.pcap")
	fh, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriterSize(fh, 1<<20)
	w := pcapgo.NewWriter(bw)
	if err := w.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		b.Fatal(err)
	}
	size := 0
	for i := 0; size < 32<<20; i++ {
		f := frames[i%len(frames)]
		ci := gopacket.CaptureInfo{Timestamp: t0, CaptureLength: len(f), Length: len(f)}
		if err := w.WritePacket(ci, f); err != nil {
			b.Fatal(err)
		}
		size += 16 + len(f)
	}
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
	fh.Close()
	return p
}

// BenchmarkReadDecode measures OpenFiles + Decoder over a whole capture
// file (from the page cache): MB/s is capture bytes per second.
func BenchmarkReadDecode(b *testing.B) {
	p := benchCapture(b)
	st, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(st.Size())
	var tcp uint64
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	for b.Loop() {
		src, err := OpenFiles(p)
		if err != nil {
			b.Fatal(err)
		}
		d := NewDecoder(DecoderOptions{})
		var seg Segment
		for {
			data, ci, link, err := src.ReadPacket()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			d.Decode(data, ci, link, &seg)
		}
		src.Close()
		tcp = d.Stats.TCP
		b.ReportMetric(float64(d.Stats.Packets), "packets/op")
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	// CPU time per op (user+sys) is less sensitive than wall time to other
	// tenants of a shared machine; report it as MB per CPU second too.
	cpu := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
	if n := b.N; n > 0 && cpu > 0 {
		b.ReportMetric(float64(st.Size())*float64(n)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
	if tcp == 0 {
		b.Fatal("no TCP")
	}
}

// BenchmarkRead measures the file reader alone.
func BenchmarkRead(b *testing.B) {
	p := benchCapture(b)
	st, _ := os.Stat(p)
	b.ReportAllocs()
	b.SetBytes(st.Size())
	for b.Loop() {
		src, err := OpenFiles(p)
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, _, _, err := src.ReadPacket(); err != nil {
				break
			}
		}
		src.Close()
	}
}

// BenchmarkReadGzip measures reading a gzip-compressed capture.
func BenchmarkReadGzip(b *testing.B) {
	raw, err := os.ReadFile(benchCapture(b))
	if err != nil {
		b.Fatal(err)
	}
	z := gz(b, raw)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		src, err := openFiles(ReadBufferSize, bytes.NewReader(z), "-")
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, _, _, err := src.ReadPacket(); err != nil {
				break
			}
		}
		src.Close()
	}
}
