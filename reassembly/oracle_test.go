package reassembly

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/shadowtap/shadowtap/capture"
)

// oracleRow is one request line of a tshark TSV (columns 2-9).
type oracleRow struct {
	key    string // src, sport, dst, dport, method, host, uri
	status string
}

func unescapeTSV(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'n':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func readOracle(t *testing.T, path string) []oracleRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []oracleRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 9 {
			t.Fatalf("%s: %d columns in %q", path, len(c), line)
		}
		for i := range c {
			c[i] = unescapeTSV(c[i])
		}
		rows = append(rows, oracleRow{key: strings.Join(c[1:8], "\t"), status: c[8]})
	}
	return rows
}

func exchangeRow(ex *Exchange) (oracleRow, bool) {
	if ex.Flags&FlagNoRequest != 0 {
		return oracleRow{}, false
	}
	host := "-"
	if hs := ex.ReqHeader()["Host"]; len(hs) > 0 {
		host = strings.Join(hs, ",")
	}
	st := "-"
	if ex.Status != 0 {
		st = strconv.Itoa(ex.Status)
	}
	key := strings.Join([]string{ex.Client.Addr().String(), strconv.Itoa(int(ex.Client.Port())),
		ex.Server.Addr().String(), strconv.Itoa(int(ex.Server.Port())), ex.Method, host, ex.Target}, "\t")
	return oracleRow{key: key, status: st}, true
}

// oracleException is a documented case where tshark's output is wrong or
// where we deliberately differ (testdata/oracle_exceptions.tsv).
type oracleException struct {
	found, status int
	why           string
}

func readExceptions(t *testing.T) map[string]oracleException {
	m := map[string]oracleException{}
	f, err := os.Open("testdata/oracle_exceptions.tsv")
	if err != nil {
		if os.IsNotExist(err) {
			return m
		}
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		c := strings.SplitN(line, "\t", 4)
		if len(c) != 4 {
			t.Fatalf("oracle_exceptions.tsv: bad line %q", line)
		}
		found, err1 := strconv.Atoi(c[1])
		status, err2 := strconv.Atoi(c[2])
		if err1 != nil || err2 != nil {
			t.Fatalf("oracle_exceptions.tsv: bad numbers in %q", line)
		}
		m[c[0]] = oracleException{found, status, c[3]}
	}
	return m
}

type oracleResult struct {
	name                                string
	want, found, wantSt, stOK, ours     int
	extra                               int
	missing, wrongStatus, extraRequests []string
}

func runOracle(t *testing.T, pcap string, cfg Config) (oracleResult, Stats) {
	t.Helper()
	src, err := capture.OpenFiles(pcap)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var mu sync.Mutex
	var got []oracleRow
	st, err := Process(context.Background(), src, nil, cfg, func(ex *Exchange) {
		if r, ok := exchangeRow(ex); ok {
			mu.Lock()
			got = append(got, r)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Errorf("%s: %v", pcap, err)
	}
	name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(pcap), ".pcapng"), ".pcap")
	want := readOracle(t, filepath.Join(filepath.Dir(pcap), name+".tsv"))
	res := oracleResult{name: name, want: len(want), ours: len(got)}
	// multiset of our requests, and of our (request, status)
	byKey := map[string]int{}
	byKeySt := map[string]int{}
	for _, r := range got {
		byKey[r.key]++
		byKeySt[r.key+"\t"+r.status]++
	}
	for _, w := range want {
		if byKey[w.key] > 0 {
			byKey[w.key]--
			res.found++
		} else {
			res.missing = append(res.missing, w.key)
		}
	}
	for k, n := range byKey {
		for ; n > 0; n-- {
			res.extra++
			res.extraRequests = append(res.extraRequests, k)
		}
	}
	for _, w := range want {
		if w.status == "-" {
			continue
		}
		res.wantSt++
		if byKeySt[w.key+"\t"+w.status] > 0 {
			byKeySt[w.key+"\t"+w.status]--
			res.stOK++
		} else {
			res.wrongStatus = append(res.wrongStatus, w.key+"\twant "+w.status)
		}
	}
	sort.Strings(res.missing)
	sort.Strings(res.extraRequests)
	return res, st
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

// TestOracle runs every corpus capture through Process and compares the
// requests (client, server, method, host, uri) and paired statuses with
// tshark's (testdata/corpus/*.tsv, see testdata/corpus/README.md). Each file
// and the total must reach 99% of tshark's requests and of its paired
// statuses, except where testdata/oracle_exceptions.tsv documents that
// tshark is wrong: there the documented numbers are asserted exactly.
func TestOracle(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.pcap*")
	if len(files) == 0 {
		t.Fatal("no corpus captures")
	}
	exc := readExceptions(t)
	var tot oracleResult
	var lines []string
	lines = append(lines, fmt.Sprintf("%-48s %5s %5s %6s %5s %5s %6s %5s", "file", "tshark", "found", "req%", "st", "stOK", "st%", "extra"))
	for _, f := range files {
		cfg := DefaultConfig()
		res, _ := runOracle(t, f, cfg)
		tot.want += res.want
		tot.found += res.found
		tot.wantSt += res.wantSt
		tot.stOK += res.stOK
		tot.extra += res.extra
		lines = append(lines, fmt.Sprintf("%-48s %5d %5d %6.1f %5d %5d %6.1f %5d", res.name, res.want, res.found, pct(res.found, res.want), res.wantSt, res.stOK, pct(res.stOK, res.wantSt), res.extra))
		if e, ok := exc[res.name]; ok {
			if res.found != e.found || res.stOK != e.status {
				t.Errorf("%s: found %d statuses %d, documented %d/%d (%s)", res.name, res.found, res.stOK, e.found, e.status, e.why)
			}
			continue
		}
		if pct(res.found, res.want) < 99 || pct(res.stOK, res.wantSt) < 99 {
			t.Errorf("%s: requests %d/%d, statuses %d/%d", res.name, res.found, res.want, res.stOK, res.wantSt)
			for i, m := range res.missing {
				if i == 10 {
					break
				}
				t.Logf("  missing: %q", m)
			}
			for i, m := range res.wrongStatus {
				if i == 10 {
					break
				}
				t.Logf("  status: %q", m)
			}
		}
	}
	lines = append(lines, fmt.Sprintf("%-48s %5d %5d %6.1f %5d %5d %6.1f %5d", "TOTAL", tot.want, tot.found, pct(tot.found, tot.want), tot.wantSt, tot.stOK, pct(tot.stOK, tot.wantSt), tot.extra))
	t.Log("\n" + strings.Join(lines, "\n"))
	if pct(tot.found, tot.want) < 99 || pct(tot.stOK, tot.wantSt) < 99 {
		t.Errorf("total: requests %d/%d, statuses %d/%d", tot.found, tot.want, tot.stOK, tot.wantSt)
	}
}
