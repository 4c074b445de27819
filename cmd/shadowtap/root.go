package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "shadowtap",
		Short: "Passive API discovery: find the HTTP APIs your network really serves",
		Long: `shadowtap listens on a mirror (SPAN/TAP) port or reads pcap/pcapng files,
reassembles TCP, parses HTTP/1.x and builds an inventory of every API endpoint
that serves traffic. It diffs that inventory against your OpenAPI/Swagger
documents and reports shadow, zombie, unauthenticated and unused endpoints.
It never sends a packet.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	// --cpuprofile is for performance work (bench/): hidden from help.
	var cpuprofile string
	var profFile *os.File
	root.PersistentFlags().StringVar(&cpuprofile, "cpuprofile", "", "write a CPU profile to `file`")
	root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if cpuprofile == "" {
			return nil
		}
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		profFile = f
		return pprof.StartCPUProfile(f)
	}
	root.PersistentPostRun = func(*cobra.Command, []string) {
		if profFile != nil {
			pprof.StopCPUProfile()
			profFile.Close()
		}
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return withHint(err, fmt.Sprintf("see 'shadowtap %s --help'", c.Name()))
	})
	root.AddCommand(
		newVersionCmd(),
		newExchangesCmd(),
		newIngestCmd(),
		newEndpointsCmd(),
		newDiffCmd(),
		newScanCmd(),
		newExportCmd(),
	)
	addRunCmd(root)
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			v := version
			if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" {
				for _, s := range bi.Settings {
					if s.Key == "vcs.revision" && len(s.Value) >= 12 {
						v = "dev-" + s.Value[:12]
					}
				}
			}
			fmt.Fprintf(c.OutOrStdout(), "shadowtap %s\n", v)
			return nil
		},
	}
}
