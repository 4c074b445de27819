// Command labtruth labels a recording of the real-application lab and
// writes a scenario folder the scenario scorer accepts:
//
//	go run ./internal/applab/cmd/labtruth -app lab/apps/NAME -out DIR
//	go run ./internal/applab/cmd/labtruth -app lab/apps/NAME -check
//
// -check prints a summary (requests, routed, noise, endpoints per label),
// the requests that match no route, and the spec operations that no route
// serves.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/shadowtap/shadowtap/internal/applab"
)

func main() {
	app := flag.String("app", "", "application folder (lab/apps/NAME)")
	out := flag.String("out", "", "scenario folder to write")
	check := flag.Bool("check", false, "print a summary and the unrouted requests")
	flag.Parse()
	if *app == "" || (*out == "" && !*check) {
		fmt.Fprintln(os.Stderr, "usage: labtruth -app lab/apps/NAME (-out DIR | -check)")
		os.Exit(2)
	}
	in, err := applab.ReadApp(*app)
	if err != nil {
		fatal(err)
	}
	r, err := applab.Run(in)
	if err != nil {
		fatal(err)
	}
	if *out != "" {
		if err := r.Write(*out); err != nil {
			fatal(err)
		}
		fmt.Fprintf(os.Stderr, "labtruth: wrote %s (%d protected connections of %d, %d cut mid-stream)\n",
			*out, len(r.Protected), len(r.Capture.Conns), r.Cut)
	}
	if *check {
		report(r)
	}
}

func report(r *applab.Result) {
	l := r.Labelled
	fmt.Print(l.Summary())
	gaps, nores := 0, 0
	for _, cn := range r.Capture.Conns {
		if cn.ClientGap || cn.ServerGap {
			gaps++
		}
	}
	for _, c := range l.Requests {
		if c.Status == 0 {
			nores++
		}
	}
	fmt.Printf("  connections: %d (%d protected, %d with a hole in the capture); %d requests without a captured response\n",
		len(r.Capture.Conns), len(r.Protected), gaps, nores)
	for _, e := range l.Truth.Endpoints {
		fmt.Printf("  %-34s %-7s %-60s hits=%-5d unauth=%d/%d %v\n", fmt.Sprint(e.Labels), e.Method, e.Path, e.Hits, e.Unauth2xx, e.UnauthRequests, e.Statuses)
	}
	type row struct {
		k string
		n int
	}
	cnt := map[string]int{}
	for _, c := range l.Requests {
		if c.Route == nil {
			cnt[fmt.Sprintf("%s %s -> %d", c.Method, c.Path, c.Status)]++
		}
	}
	var rows []row
	for k, n := range cnt {
		rows = append(rows, row{k, n})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].k < rows[j].k })
	fmt.Printf("  requests that match no route (%d distinct):\n", len(rows))
	for _, x := range rows {
		fmt.Printf("    %4d  %s\n", x.n, x.k)
	}
	if len(l.Unrouted) > 0 {
		fmt.Printf("  spec operations no route serves (%d):\n", len(l.Unrouted))
		for _, o := range l.Unrouted {
			fmt.Printf("    %s %s\n", o.Method, o.Path)
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "labtruth:", err)
	os.Exit(1)
}
