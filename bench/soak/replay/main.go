// Command replay writes the Ethernet frames of a capture file onto a network
// interface through an AF_PACKET socket at a controlled rate, for the sensor
// soak benchmark (bench/soak/run.sh). It is pure Go (CGO_ENABLED=0).
//
//	replay -i veth-tx -pps 100000 -duration 60s FILE.pcap
//	replay -i veth-tx -mbps 1000 -loops 3 FILE.pcap
//
// The whole file is loaded into memory first (at most -max-mb), so reading
// never throttles the sender. Frames go out in batches with sendmmsg(2),
// paced against a schedule (packet n is due at n/pps, or when the bytes sent
// so far are due at the Mbit/s rate): the sender sleeps when it is ahead and
// sends the next batch at once when it is behind, so the long-run average is
// the requested rate unless the machine cannot keep up. A lag of more than
// -max-lag (a stall: the sender was descheduled) is not caught up: the
// schedule slips by the excess and the report counts it (slipped_s), so a
// stall never turns into a line-rate burst; achieved pps < requested then.
//
// The file is replayed -loops times, or over and over until -duration has
// passed. On each pass after the first, every IPv4 address in the file has
// its first 16 bits XORed with the pass number (IP and TCP/UDP checksums are
// updated incrementally), so each pass carries new connections rather than
// retransmissions of the previous pass's. -key-base shifts the pass numbers
// so that consecutive runs against one sensor use different addresses too.
//
// Safety: it refuses the loopback interface and any interface whose driver
// is not veth (there is no override). The benchmark runs it inside a
// private network namespace whose only link is one end of a veth pair.
//
// At the end it prints one line of key=value fields (sent, bytes, errors,
// seconds, pps, mbps, passes, cpu_s, ...), the last line of its output.
package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"
	"unsafe"

	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"golang.org/x/sys/unix"
)

type options struct {
	iface    string
	pps      float64
	mbps     float64
	loops    int
	duration time.Duration
	batch    int
	maxMB    int
	quiet    bool
	keyBase  int
	maxLag   time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.iface, "i", "", "interface to write frames on (one end of a veth pair)")
	flag.Float64Var(&o.pps, "pps", 0, "rate in packets per second (0: no packet limit)")
	flag.Float64Var(&o.mbps, "mbps", 0, "rate in Mbit/s of frame bytes (0: no byte limit)")
	flag.IntVar(&o.loops, "loops", 0, "passes over the file (0: until -duration, or 1 without it)")
	flag.DurationVar(&o.duration, "duration", 0, "stop after this long (0: after -loops passes)")
	flag.IntVar(&o.batch, "batch", 0, "frames per sendmmsg (0: about 1 ms worth of the rate, 16..512)")
	flag.IntVar(&o.maxMB, "max-mb", 3072, "most MiB of frames loaded from the file")
	flag.DurationVar(&o.maxLag, "max-lag", 20*time.Millisecond, "most the sender catches up after falling behind (a stall longer than this is slipped, not replayed as a burst)")
	flag.BoolVar(&o.quiet, "q", false, "no progress lines, only the summary")
	flag.IntVar(&o.keyBase, "key-base", 0, "added to the pass number before it is XORed into the addresses (give each run of a series its own, so runs never share connections)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: replay -i IFACE [-pps N | -mbps N] [-duration D | -loops N] FILE.pcap\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || o.iface == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(o, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		os.Exit(1)
	}
}

// frames is a capture loaded into memory: frame i is data[off[i]:off[i+1]].
type frames struct {
	data []byte
	off  []int
	max  int // longest frame
}

func (f *frames) n() int             { return len(f.off) - 1 }
func (f *frames) frame(i int) []byte { return f.data[f.off[i]:f.off[i+1]] }

// load reads every Ethernet frame of a pcap or pcapng file.
func load(path string, maxBytes int) (*frames, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	br := bufio.NewReaderSize(fh, 1<<20)
	magic, err := br.Peek(4)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var next func() ([]byte, error)
	if binary.LittleEndian.Uint32(magic) == 0x0A0D0D0A {
		r, err := pcapgo.NewNgReader(br, pcapgo.DefaultNgReaderOptions)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if r.LinkType() != layers.LinkTypeEthernet {
			return nil, fmt.Errorf("%s: link type %v, want Ethernet", path, r.LinkType())
		}
		next = func() ([]byte, error) { d, _, err := r.ZeroCopyReadPacketData(); return d, err }
	} else {
		r, err := pcapgo.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if r.LinkType() != layers.LinkTypeEthernet {
			return nil, fmt.Errorf("%s: link type %v, want Ethernet", path, r.LinkType())
		}
		next = func() ([]byte, error) { d, _, err := r.ZeroCopyReadPacketData(); return d, err }
	}
	f := &frames{off: []int{0}}
	if st, err := fh.Stat(); err == nil && st.Size() < int64(maxBytes) {
		f.data = make([]byte, 0, st.Size())
	}
	for {
		d, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: frame %d: %w", path, f.n()+1, err)
		}
		if len(d) < 14 {
			continue
		}
		if len(f.data)+len(d) > maxBytes {
			fmt.Fprintf(os.Stderr, "replay: stopped loading at %d frames (-max-mb %d)\n", f.n(), maxBytes>>20)
			break
		}
		f.data = append(f.data, d...)
		f.off = append(f.off, len(f.data))
		f.max = max(f.max, len(d))
	}
	if f.n() == 0 {
		return nil, fmt.Errorf("%s: no Ethernet frames", path)
	}
	return f, nil
}

// csumUpdate returns the Internet checksum sum after a 16-bit word of the
// covered data changed from old to new (RFC 1624, eqn. 3).
func csumUpdate(sum, old, new uint16) uint16 {
	s := uint32(^sum) + uint32(^old) + uint32(new)
	s = (s & 0xffff) + (s >> 16)
	s = (s & 0xffff) + (s >> 16)
	return ^uint16(s)
}

// remap XORs key into the first 16 bits of both IPv4 addresses of frame b
// (in place), fixing the IP header checksum and the TCP or UDP checksum.
// Frames that are not untagged or 802.1Q-tagged IPv4 are left alone.
func remap(b []byte, key uint16) {
	if key == 0 {
		return
	}
	off := 12
	et := binary.BigEndian.Uint16(b[off:])
	for (et == 0x8100 || et == 0x88a8) && len(b) >= off+6 {
		off += 4
		et = binary.BigEndian.Uint16(b[off:])
	}
	ip := off + 2
	if et != 0x0800 || len(b) < ip+20 || b[ip]>>4 != 4 {
		return
	}
	ihl := int(b[ip]&0x0f) * 4
	if ihl < 20 || len(b) < ip+ihl {
		return
	}
	proto := b[ip+9]
	fragOff := binary.BigEndian.Uint16(b[ip+6:]) & 0x1fff
	l4sum := -1
	if fragOff == 0 {
		switch proto {
		case 6:
			l4sum = ip + ihl + 16
		case 17:
			l4sum = ip + ihl + 6
		}
		if l4sum >= 0 && len(b) < l4sum+2 {
			l4sum = -1
		}
		if proto == 17 && l4sum >= 0 && binary.BigEndian.Uint16(b[l4sum:]) == 0 {
			l4sum = -1 // no UDP checksum
		}
	}
	for _, a := range []int{ip + 12, ip + 16} {
		old := binary.BigEndian.Uint16(b[a:])
		nw := old ^ key
		binary.BigEndian.PutUint16(b[a:], nw)
		binary.BigEndian.PutUint16(b[ip+10:], csumUpdate(binary.BigEndian.Uint16(b[ip+10:]), old, nw))
		if l4sum >= 0 {
			binary.BigEndian.PutUint16(b[l4sum:], csumUpdate(binary.BigEndian.Uint16(b[l4sum:]), old, nw))
		}
	}
}

// openSocket returns an AF_PACKET socket bound to ifindex for sending only
// (protocol 0: it receives nothing), bypassing the qdisc.
func openSocket(ifindex int) (int, error) {
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("AF_PACKET socket (needs CAP_NET_RAW): %w", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: 0, Ifindex: ifindex}); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("bind: %w", err)
	}
	_ = unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_QDISC_BYPASS, 1)
	_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUFFORCE, 16<<20)
	return fd, nil
}

// sender batches frames into one sendmmsg(2) call.
type sender struct {
	fd   int
	bufs [][]byte
	iov  []unix.Iovec
	hdrs []unix.Mmsghdr
	n    int
	errs map[syscall.Errno]uint64
}

func newSender(fd, batch, maxFrame int) *sender {
	s := &sender{fd: fd, bufs: make([][]byte, batch), iov: make([]unix.Iovec, batch),
		hdrs: make([]unix.Mmsghdr, batch), errs: map[syscall.Errno]uint64{}}
	for i := range s.bufs {
		s.bufs[i] = make([]byte, maxFrame)
	}
	return s
}

// add copies frame into the batch, remapped with key.
func (s *sender) add(frame []byte, key uint16) {
	b := s.bufs[s.n][:len(frame)]
	copy(b, frame)
	remap(b, key)
	s.iov[s.n] = unix.Iovec{Base: &b[0]}
	s.iov[s.n].SetLen(len(b))
	s.hdrs[s.n] = unix.Mmsghdr{}
	s.hdrs[s.n].Hdr.Iov = &s.iov[s.n]
	s.hdrs[s.n].Hdr.SetIovlen(1)
	s.n++
}

// flush sends the batch; it returns how many frames went out. A frame the
// kernel refuses (ENOBUFS, EMSGSIZE...) is counted under its errno and
// skipped, never retried.
func (s *sender) flush() int {
	sent, i := 0, 0
	for i < s.n {
		r, _, e := unix.Syscall6(unix.SYS_SENDMMSG, uintptr(s.fd), uintptr(unsafe.Pointer(&s.hdrs[i])), uintptr(s.n-i), 0, 0, 0)
		switch {
		case e == unix.EINTR:
			continue
		case e != 0:
			s.errs[e]++
			i++ // the first frame of the rest failed: skip it
		default:
			sent += int(r)
			i += int(r)
		}
	}
	s.n = 0
	return sent
}

func cpuSeconds() float64 {
	var ru unix.Rusage
	if unix.Getrusage(unix.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func run(o options, path string) error {
	if o.pps < 0 || o.mbps < 0 || o.loops < 0 || o.duration < 0 || o.batch < 0 {
		return errors.New("negative rate, loops, duration or batch")
	}
	ifc, err := net.InterfaceByName(o.iface)
	if err != nil {
		return err
	}
	if ifc.Flags&net.FlagLoopback != 0 {
		return fmt.Errorf("%s is a loopback interface: refusing (use a veth pair in a private namespace)", o.iface)
	}
	if !isVeth(o.iface) {
		return fmt.Errorf("%s is not a veth interface: refusing (the soak writes only into a private veth pair)", o.iface)
	}
	t0 := time.Now()
	f, err := load(path, o.maxMB<<20)
	if err != nil {
		return err
	}
	if f.max > ifc.MTU+14+8 {
		fmt.Fprintf(os.Stderr, "replay: warning: longest frame %d B > MTU %d + headers: those frames will fail (EMSGSIZE)\n", f.max, ifc.MTU)
	}
	if !o.quiet {
		fmt.Fprintf(os.Stderr, "replay: loaded %d frames (%d MiB, longest %d B) in %.1fs\n",
			f.n(), len(f.data)>>20, f.max, time.Since(t0).Seconds())
	}
	fd, err := openSocket(ifc.Index)
	if err != nil {
		return err
	}
	defer unix.Close(fd)

	batch := o.batch
	if batch == 0 {
		rate := o.pps
		if rate == 0 && o.mbps > 0 {
			rate = o.mbps * 1e6 / 8 / (float64(len(f.data)) / float64(f.n()))
		}
		batch = min(512, max(16, int(rate/1000)))
	}
	loops := o.loops
	if loops == 0 && o.duration == 0 {
		loops = 1
	}
	s := newSender(fd, batch, f.max)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)

	var (
		sent, bytes, queued uint64
		qbytes              uint64
		pass                int
		idx                 int
		behindMax           time.Duration
		slipped             time.Duration
		t0run               = time.Now()
		cpu0                = cpuSeconds()
		start               = time.Now()
		lastReport          = start
		lastSent            uint64
	)
	deadline := time.Time{}
	if o.duration > 0 {
		deadline = t0run.Add(o.duration)
	}
	due := func(pkts, byts uint64) time.Duration {
		var d time.Duration
		if o.pps > 0 {
			d = time.Duration(float64(pkts) / o.pps * 1e9)
		}
		if o.mbps > 0 {
			d = max(d, time.Duration(float64(byts)*8/(o.mbps*1e6)*1e9))
		}
		return d
	}
loop:
	for {
		select {
		case <-stop:
			break loop
		default:
		}
		// Fill one batch.
		for s.n < batch {
			if idx == f.n() {
				idx = 0
				pass++
				if loops > 0 && pass >= loops {
					break
				}
			}
			fr := f.frame(idx)
			s.add(fr, uint16(o.keyBase+pass))
			queued++
			qbytes += uint64(len(fr))
			idx++
		}
		if s.n == 0 {
			break
		}
		// The batch is due when its first frame is.
		if wait := due(sent, bytes) - time.Since(start); wait > 0 {
			time.Sleep(wait)
		} else if -wait > o.maxLag {
			// Stalled (descheduled): slip the schedule rather than send
			// the backlog as one line-rate burst.
			behindMax = max(behindMax, -wait)
			slipped += -wait - o.maxLag
			start = start.Add(-wait - o.maxLag)
		}
		n := s.flush()
		sent += uint64(n)
		bytes = qbytes // frames that failed still count as scheduled bytes
		now := time.Now()
		if !deadline.IsZero() && now.After(deadline) {
			break
		}
		if loops > 0 && pass >= loops {
			break
		}
		if !o.quiet && now.Sub(lastReport) >= 10*time.Second {
			fmt.Fprintf(os.Stderr, "replay: %.0fs sent %d (%.0f pps over the last %.0fs)\n",
				now.Sub(t0run).Seconds(), sent, float64(sent-lastSent)/now.Sub(lastReport).Seconds(), now.Sub(lastReport).Seconds())
			lastReport, lastSent = now, sent
		}
	}
	el := time.Since(t0run).Seconds()
	var errs uint64
	detail := ""
	for e, c := range s.errs {
		errs += c
		detail += fmt.Sprintf(" err_%s=%d", errName(e), c)
	}
	fmt.Printf("sent=%d bytes=%d errors=%d seconds=%.2f pps=%.0f mbps=%.1f target_pps=%.0f target_mbps=%.0f passes=%.2f batch=%d max_behind_ms=%.1f slipped_s=%.2f cpu_s=%.2f%s\n",
		sent, bytes, errs, el, float64(sent)/el, float64(bytes)*8/el/1e6, o.pps, o.mbps,
		float64(pass)+float64(idx)/float64(f.n()), batch, behindMax.Seconds()*1e3, slipped.Seconds(), cpuSeconds()-cpu0, detail)
	return nil
}

// isVeth reports whether the kernel driver of iface is "veth" (ethtool's
// driver info, asked through any socket).
func isVeth(iface string) bool {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	info, err := unix.IoctlGetEthtoolDrvinfo(fd, iface)
	if err != nil {
		return false
	}
	return unix.ByteSliceToString(info.Driver[:]) == "veth"
}

func errName(e syscall.Errno) string {
	if n := unix.ErrnoName(e); n != "" {
		return n
	}
	return fmt.Sprint(int(e))
}
