package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=..."; left at
// "dev", the version comes from the binary's build information.
var version = "dev"

// readBuildInfo is debug.ReadBuildInfo, replaced in tests.
var readBuildInfo = debug.ReadBuildInfo

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
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		warnDeprecatedFlags(c)
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
		return withHint(err, fmt.Sprintf("see '%s --help'", c.CommandPath()))
	})
	root.Version = versionString()
	root.SetVersionTemplate("shadowtap {{.Version}}\n")
	root.AddCommand(
		newVersionCmd(),
		newExchangesCmd(),
		newIngestCmd(),
		newEndpointsCmd(),
		newDiffCmd(),
		newScanCmd(),
		newExportCmd(),
		newDBCmd(),
		newUICmd(),
		newCollectCmd(),
	)
	addRunCmd(root)
	// Created here rather than lazily by Execute, so the loop below
	// covers them too.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Run, c.RunE = nil, runHelp
		}
	}
	refuseUnknownSubcommands(root)
	return root
}

// runHelp replaces cobra's help command, which answers an unknown topic with
// the usage and exit status 0.
func runHelp(c *cobra.Command, args []string) error {
	cmd, rest, err := c.Root().Find(args)
	if err != nil {
		return withHint(err, "see 'shadowtap --help'")
	}
	if len(rest) > 0 {
		return unknownSubcommand(cmd, rest[0])
	}
	return cmd.Help()
}

// refuseUnknownSubcommands makes every command below root that only groups
// others fail on an unknown argument: cobra prints their help and exits 0.
// Root needs nothing, cobra refuses unknown commands there itself.
func refuseUnknownSubcommands(c *cobra.Command) {
	for _, sc := range c.Commands() {
		refuseUnknownSubcommands(sc)
		if sc.HasSubCommands() && !sc.Runnable() {
			sc.Args = func(c *cobra.Command, args []string) error {
				if len(args) > 0 {
					return unknownSubcommand(c, args[0])
				}
				return nil
			}
			sc.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
		}
	}
}

func unknownSubcommand(c *cobra.Command, arg string) error {
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's default, applied only on its own path
	}
	var hint string
	if s := c.SuggestionsFor(arg); len(s) > 0 {
		hint = fmt.Sprintf("did you mean %s? see '%s --help'", strings.Join(s, " or "), c.CommandPath())
	} else {
		var names []string
		for _, sc := range c.Commands() {
			if sc.IsAvailableCommand() {
				names = append(names, sc.Name())
			}
		}
		hint = fmt.Sprintf("'%s' takes one of: %s", c.CommandPath(), strings.Join(names, ", "))
	}
	return withHint(fmt.Errorf("unknown command %q for %q", arg, c.CommandPath()), hint)
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return writeOutput(c.OutOrStdout(), func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "shadowtap %s\n", versionString())
				return err
			})
		},
	}
}

// versionString is the -ldflags version or, without one, what the Go
// toolchain recorded: the module version (a tag or pseudo-version, or
// "devel" for a local build) and the VCS revision, time and modified flag.
func versionString() string {
	if version != "dev" {
		return version
	}
	bi, ok := readBuildInfo()
	if !ok {
		return version
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var extra []string
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision" && s.Value != "":
			extra = append(extra, "rev "+s.Value[:min(12, len(s.Value))])
		case s.Key == "vcs.time" && s.Value != "":
			extra = append(extra, s.Value)
		case s.Key == "vcs.modified" && s.Value == "true" && !strings.HasSuffix(v, "+dirty"):
			extra = append(extra, "modified")
		}
	}
	if len(extra) > 0 {
		v += " (" + strings.Join(extra, ", ") + ")"
	}
	return v
}
