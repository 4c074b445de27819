package capture

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/net/bpf"
)

// Filter is the structured capture filter from the CLI flags --port,
// --host, --net and --vlan (each repeatable). Within a kind the values are
// ORed, across kinds ANDed; an empty kind does not constrain. A port, host or
// net matches either end of a segment; a VLAN matches any tag of the stack.
type Filter struct {
	Ports []uint16
	Hosts []netip.Addr
	Nets  []netip.Prefix
	VLANs []uint16
}

// Empty reports whether the filter lets everything through.
func (f Filter) Empty() bool {
	return len(f.Ports) == 0 && len(f.Hosts) == 0 && len(f.Nets) == 0 && len(f.VLANs) == 0
}

// Match applies the filter to a decoded segment (used for files; link-type
// independent).
func (f Filter) Match(seg *Segment) bool {
	if len(f.Ports) > 0 {
		if seg.TCP == nil {
			return false
		}
		sp, dp := uint16(seg.TCP.SrcPort), uint16(seg.TCP.DstPort)
		ok := false
		for _, p := range f.Ports {
			if p == sp || p == dp {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	src, dst := seg.Src.Unmap(), seg.Dst.Unmap()
	if len(f.Hosts) > 0 {
		ok := false
		for _, h := range f.Hosts {
			h = h.Unmap()
			if h == src || h == dst {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(f.Nets) > 0 {
		ok := false
		for _, n := range f.Nets {
			if n.Contains(src) || n.Contains(dst) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(f.VLANs) > 0 {
		ok := false
		depth := min(int(seg.VLANDepth), maxVLANDepth)
		for i := 0; i < depth && !ok; i++ {
			id := uint16(seg.VLAN >> (12 * i) & 0xfff)
			for _, v := range f.VLANs {
				if v == id {
					ok = true
					break
				}
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Validate checks the filter's values (VLAN ids fit in 12 bits, addresses
// and prefixes are valid).
func (f Filter) Validate() error {
	for _, v := range f.VLANs {
		if v > 4095 {
			return fmt.Errorf("capture: vlan id %d out of range 0-4095", v)
		}
	}
	for _, h := range f.Hosts {
		if !h.IsValid() {
			return errors.New("capture: invalid host address")
		}
	}
	for _, n := range f.Nets {
		if !n.IsValid() {
			return errors.New("capture: invalid net prefix")
		}
	}
	return nil
}

// BPFAccept is the value a compiled filter returns for an accepted frame
// (the whole frame: the socket's snap length cuts it).
const BPFAccept = 262144

// BPFMaxVLANDepth is how many in-frame VLAN tags (0x8100, 0x88a8, 0x9100) the
// compiled filter walks; frames with deeper stacks are rejected.
const BPFMaxVLANDepth = 4

// BPF compiles the filter for Ethernet frames to a classic BPF program with
// golang.org/x/net/bpf. IPv4 and IPv6 TCP are accepted, under up to
// BPFMaxVLANDepth in-frame VLAN tags; everything else is rejected. Non-first
// IPv4 fragments carry no ports, so they pass the port test (and are then
// reassembled and matched in user space). The program uses no kernel
// extensions, so bpf.NewVM can run it. An empty filter compiles to "tcp".
// Tunnelled traffic (GRE, ERSPAN, VXLAN) is rejected: to capture a remote
// mirror, attach no kernel filter and apply Match to the decoded segments.
// A filter with many IPv6 hosts or nets may not fit BPF's 8-bit jumps; then
// BPF returns an error and the caller should capture unfiltered and apply
// Match.
func (f Filter) BPF() ([]bpf.RawInstruction, error) {
	return f.compile(false)
}

// compile builds the program. With vlanExt, a VLAN filter also accepts a tag
// the kernel stripped into packet metadata (rx VLAN offload), read with the
// vlan_tci extensions; such a program cannot run in bpf.NewVM.
func (f Filter) compile(vlanExt bool) ([]bpf.RawInstruction, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	a := &asm{labels: map[string]int{}}
	useVLAN := len(f.VLANs) > 0
	if useVLAN {
		// M[0] = 1 once a tag of the stack matched.
		a.emit(bpf.LoadConstant{Dst: bpf.RegA, Val: 0})
		a.emit(bpf.StoreScratch{Src: bpf.RegA, N: 0})
		if vlanExt {
			a.emit(bpf.LoadExtension{Num: bpf.ExtVLANTagPresent})
			a.jump(bpf.JumpEqual, 0, "d0", "")
			a.emit(bpf.LoadExtension{Num: bpf.ExtVLANTag})
			a.emit(bpf.ALUOpConstant{Op: bpf.ALUOpAnd, Val: 0xfff})
			for _, v := range f.VLANs {
				a.jump(bpf.JumpEqual, uint32(v), "extok", "")
			}
			a.jumpAlways("d0")
			a.label("extok")
			a.emit(bpf.LoadConstant{Dst: bpf.RegA, Val: 1})
			a.emit(bpf.StoreScratch{Src: bpf.RegA, N: 0})
		}
	}
	hosts4, hosts6 := splitAddrs(f.Hosts)
	nets4, nets6 := splitNets(f.Nets)
	for d := 0; d <= BPFMaxVLANDepth; d++ {
		p := fmt.Sprintf("d%d", d)
		et := uint32(12 + 4*d) // EtherType offset
		l3 := et + 2           // network header offset
		a.label(p)
		a.emit(bpf.LoadAbsolute{Off: et, Size: 2})
		a.jump(bpf.JumpEqual, 0x0800, p+"v4", "")
		a.jump(bpf.JumpEqual, 0x86dd, p+"v6", "")
		if d < BPFMaxVLANDepth {
			a.jump(bpf.JumpEqual, 0x8100, p+"tag", "")
			a.jump(bpf.JumpEqual, 0x88a8, p+"tag", "")
			a.jump(bpf.JumpEqual, 0x9100, p+"tag", "")
		}
		a.emit(bpf.RetConstant{Val: 0})
		if d < BPFMaxVLANDepth {
			next := fmt.Sprintf("d%d", d+1)
			a.label(p + "tag")
			if useVLAN {
				a.emit(bpf.LoadAbsolute{Off: l3, Size: 2})
				a.emit(bpf.ALUOpConstant{Op: bpf.ALUOpAnd, Val: 0xfff})
				for _, v := range f.VLANs {
					a.jump(bpf.JumpEqual, uint32(v), p+"tagok", "")
				}
				a.jumpAlways(next)
				a.label(p + "tagok")
				a.emit(bpf.LoadConstant{Dst: bpf.RegA, Val: 1})
				a.emit(bpf.StoreScratch{Src: bpf.RegA, N: 0})
			}
			a.jumpAlways(next)
		}
		// IPv4
		a.label(p + "v4")
		a.emit(bpf.LoadAbsolute{Off: l3 + 9, Size: 1})
		a.jump(bpf.JumpNotEqual, 6, p+"rej", "")
		if len(f.Hosts) > 0 {
			if len(hosts4) == 0 {
				a.jumpAlways(p + "rej")
			} else {
				for _, off := range []uint32{l3 + 12, l3 + 16} {
					a.emit(bpf.LoadAbsolute{Off: off, Size: 4})
					for _, h := range hosts4 {
						a.jump(bpf.JumpEqual, h, p+"v4h", "")
					}
				}
				a.jumpAlways(p + "rej")
				a.label(p + "v4h")
			}
		}
		if len(f.Nets) > 0 {
			if len(nets4) == 0 {
				a.jumpAlways(p + "rej")
			} else {
				for _, off := range []uint32{l3 + 12, l3 + 16} {
					for _, n := range nets4 {
						a.emit(bpf.LoadAbsolute{Off: off, Size: 4})
						if n.mask != 0xffffffff {
							a.emit(bpf.ALUOpConstant{Op: bpf.ALUOpAnd, Val: n.mask})
						}
						a.jump(bpf.JumpEqual, n.addr, p+"v4n", "")
					}
				}
				a.jumpAlways(p + "rej")
				a.label(p + "v4n")
			}
		}
		if len(f.Ports) > 0 {
			// A non-first fragment has no TCP header: let it through.
			a.emit(bpf.LoadAbsolute{Off: l3 + 6, Size: 2})
			a.jumpIf(bpf.JumpBitsSet, 0x1fff, p+"ok", "")
			a.emit(bpf.LoadMemShift{Off: l3})
			for _, off := range []uint32{l3, l3 + 2} {
				a.emit(bpf.LoadIndirect{Off: off, Size: 2})
				for _, port := range f.Ports {
					a.jump(bpf.JumpEqual, uint32(port), p+"ok", "")
				}
			}
			a.jumpAlways(p + "rej")
		} else {
			a.jumpAlways("ok")
		}
		// IPv6 (next header TCP directly after the fixed header)
		a.label(p + "v6")
		a.emit(bpf.LoadAbsolute{Off: l3 + 6, Size: 1})
		a.jump(bpf.JumpNotEqual, 6, p+"rej", "")
		if len(f.Hosts) > 0 {
			if len(hosts6) == 0 {
				a.jumpAlways(p + "rej")
			} else {
				for i, off := range []uint32{l3 + 8, l3 + 24} {
					for j, h := range hosts6 {
						miss := fmt.Sprintf("%sv6h%d_%d", p, i, j)
						for w := range 4 {
							a.emit(bpf.LoadAbsolute{Off: off + uint32(4*w), Size: 4})
							if w < 3 {
								a.jump(bpf.JumpNotEqual, h[w], miss, "")
							} else {
								a.jump(bpf.JumpEqual, h[w], p+"v6h", "")
							}
						}
						a.label(miss)
					}
				}
				a.jumpAlways(p + "rej")
				a.label(p + "v6h")
			}
		}
		if len(f.Nets) > 0 {
			if len(nets6) == 0 {
				a.jumpAlways(p + "rej")
			} else {
				for i, off := range []uint32{l3 + 8, l3 + 24} {
					for j, n := range nets6 {
						miss := fmt.Sprintf("%sv6n%d_%d", p, i, j)
						for w := range n.words {
							a.emit(bpf.LoadAbsolute{Off: off + uint32(4*w), Size: 4})
							if n.mask[w] != 0xffffffff {
								a.emit(bpf.ALUOpConstant{Op: bpf.ALUOpAnd, Val: n.mask[w]})
							}
							if w < n.words-1 {
								a.jump(bpf.JumpNotEqual, n.addr[w], miss, "")
							} else {
								a.jump(bpf.JumpEqual, n.addr[w], p+"v6n", "")
							}
						}
						a.label(miss)
					}
				}
				a.jumpAlways(p + "rej")
				a.label(p + "v6n")
			}
		}
		if len(f.Ports) > 0 {
			for _, off := range []uint32{l3 + 40, l3 + 42} {
				a.emit(bpf.LoadAbsolute{Off: off, Size: 2})
				for _, port := range f.Ports {
					a.jump(bpf.JumpEqual, uint32(port), p+"ok", "")
				}
			}
		} else {
			a.jumpAlways("ok")
		}
		a.label(p + "rej")
		a.emit(bpf.RetConstant{Val: 0})
		a.label(p + "ok")
		a.jumpAlways("ok")
	}
	a.label("ok")
	if useVLAN {
		a.emit(bpf.LoadScratch{Dst: bpf.RegA, N: 0})
		a.jump(bpf.JumpEqual, 0, "final_rej", "")
	}
	a.emit(bpf.RetConstant{Val: BPFAccept})
	a.label("final_rej")
	a.emit(bpf.RetConstant{Val: 0})
	return a.assemble()
}

func splitAddrs(hs []netip.Addr) (v4 []uint32, v6 [][4]uint32) {
	for _, h := range hs {
		h = h.Unmap()
		b := h.AsSlice()
		if h.Is4() {
			v4 = append(v4, be32(b))
		} else {
			v6 = append(v6, [4]uint32{be32(b), be32(b[4:]), be32(b[8:]), be32(b[12:])})
		}
	}
	return v4, v6
}

type net4 struct{ addr, mask uint32 }

type net6 struct {
	addr, mask [4]uint32
	words      int // words to compare (prefix length rounded up to 32 bits)
}

func splitNets(ns []netip.Prefix) (v4 []net4, v6 []net6) {
	for _, n := range ns {
		n = n.Masked()
		a := n.Addr()
		bitsN := n.Bits()
		if a.Is4In6() && bitsN >= 96 {
			a, bitsN = a.Unmap(), bitsN-96
		}
		b := a.AsSlice()
		if a.Is4() {
			m := uint32(0)
			if bitsN > 0 {
				m = ^uint32(0) << (32 - bitsN)
			}
			v4 = append(v4, net4{addr: be32(b) & m, mask: m})
			continue
		}
		var x net6
		x.words = max((bitsN+31)/32, 1)
		for w := range 4 {
			lb := bitsN - 32*w
			switch {
			case lb >= 32:
				x.mask[w] = 0xffffffff
			case lb > 0:
				x.mask[w] = ^uint32(0) << (32 - lb)
			}
			x.addr[w] = be32(b[4*w:]) & x.mask[w]
		}
		v6 = append(v6, x)
	}
	return v4, v6
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// asm is a tiny assembler with symbolic jump targets.
type asm struct {
	ins    []bpf.Instruction
	fix    []fixup
	labels map[string]int
}

type fixup struct {
	at                    int
	cond                  bool
	condOp                bpf.JumpTest
	val                   uint32
	trueLabel, falseLabel string // "" = next instruction
}

func (a *asm) emit(i bpf.Instruction) { a.ins = append(a.ins, i) }
func (a *asm) label(l string)         { a.labels[l] = len(a.ins) }

// jump emits a conditional jump: to t when the condition holds, else to f
// ("" means fall through).
func (a *asm) jump(op bpf.JumpTest, val uint32, t, f string) {
	a.fix = append(a.fix, fixup{at: len(a.ins), cond: true, condOp: op, val: val, trueLabel: t, falseLabel: f})
	a.ins = append(a.ins, nil)
}

func (a *asm) jumpIf(op bpf.JumpTest, val uint32, t, f string) { a.jump(op, val, t, f) }

func (a *asm) jumpAlways(l string) {
	a.fix = append(a.fix, fixup{at: len(a.ins), trueLabel: l})
	a.ins = append(a.ins, nil)
}

// errFilterTooLarge: a jump does not fit BPF's 8-bit conditional offsets.
var errFilterTooLarge = errors.New("capture: filter too large for a BPF program (too many hosts or nets)")

func (a *asm) assemble() ([]bpf.RawInstruction, error) {
	target := func(l string, at int) (int, error) {
		if l == "" {
			return 0, nil
		}
		t, ok := a.labels[l]
		if !ok {
			return 0, fmt.Errorf("capture: bpf label %q undefined", l)
		}
		skip := t - at - 1
		if skip < 0 {
			return 0, fmt.Errorf("capture: bpf backward jump to %q", l)
		}
		return skip, nil
	}
	for _, fx := range a.fix {
		ts, err := target(fx.trueLabel, fx.at)
		if err != nil {
			return nil, err
		}
		if !fx.cond {
			a.ins[fx.at] = bpf.Jump{Skip: uint32(ts)}
			continue
		}
		fs, err := target(fx.falseLabel, fx.at)
		if err != nil {
			return nil, err
		}
		if ts > 255 || fs > 255 {
			return nil, errFilterTooLarge
		}
		a.ins[fx.at] = bpf.JumpIf{Cond: fx.condOp, Val: fx.val, SkipTrue: uint8(ts), SkipFalse: uint8(fs)}
	}
	if len(a.ins) > bpfMaxInstructions {
		return nil, errFilterTooLarge
	}
	return bpf.Assemble(a.ins)
}

// bpfMaxInstructions is the kernel's BPF_MAXINSNS.
const bpfMaxInstructions = 4096

// ParseBPF accepts a raw program as printed by `tcpdump -ddd` (first line is
// the count, then one "code jt jf k" line per instruction, decimal). Blank
// lines and lines starting with '#' are ignored. The program is checked:
// jumps stay inside it and it ends with a return.
func ParseBPF(text string) ([]bpf.RawInstruction, error) {
	var lines []string
	for l := range strings.Lines(text) {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return nil, errors.New("capture: empty BPF program")
	}
	n, err := strconv.Atoi(lines[0])
	if err != nil {
		return nil, fmt.Errorf("capture: BPF program count %q: %w", trunc(lines[0]), err)
	}
	if n <= 0 || n > bpfMaxInstructions {
		return nil, fmt.Errorf("capture: BPF program count %d out of range 1-%d", n, bpfMaxInstructions)
	}
	if len(lines)-1 != n {
		return nil, fmt.Errorf("capture: BPF program declares %d instructions, has %d", n, len(lines)-1)
	}
	prog := make([]bpf.RawInstruction, n)
	for i, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 4 {
			return nil, fmt.Errorf("capture: BPF instruction %d %q: want 4 numbers", i, trunc(l))
		}
		var v [4]uint64
		for j, lim := range []int{16, 8, 8, 32} {
			v[j], err = strconv.ParseUint(f[j], 10, lim)
			if err != nil {
				return nil, fmt.Errorf("capture: BPF instruction %d %q: %w", i, trunc(l), err)
			}
		}
		prog[i] = bpf.RawInstruction{Op: uint16(v[0]), Jt: uint8(v[1]), Jf: uint8(v[2]), K: uint32(v[3])}
	}
	if err := checkBPF(prog); err != nil {
		return nil, err
	}
	return prog, nil
}

// checkBPF checks what the kernel would: jumps stay inside the program and it
// ends with a return.
func checkBPF(prog []bpf.RawInstruction) error {
	const (
		classMask = 0x07
		classJmp  = 0x05
		classRet  = 0x06
		opMask    = 0xf0
		opJa      = 0x00
	)
	for i, ins := range prog {
		if ins.Op&classMask != classJmp {
			continue
		}
		if ins.Op&opMask == opJa {
			if uint64(i)+1+uint64(ins.K) >= uint64(len(prog)) {
				return fmt.Errorf("capture: BPF instruction %d jumps past the end", i)
			}
			continue
		}
		if i+1+int(ins.Jt) >= len(prog) || i+1+int(ins.Jf) >= len(prog) {
			return fmt.Errorf("capture: BPF instruction %d jumps past the end", i)
		}
	}
	if prog[len(prog)-1].Op&classMask != classRet {
		return errors.New("capture: BPF program does not end with a return")
	}
	return nil
}

func trunc(s string) string {
	if len(s) > 80 {
		return s[:80]
	}
	return s
}
