package sensor

import (
	"sort"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// statsCollector exports a DataSource's Stats on each scrape. Counter names
// reuse the JSON names with a shadowtap_ prefix and a _total suffix.
type statsCollector struct {
	src   DataSource
	descs map[string]*prometheus.Desc
}

type metricDef struct {
	name string
	help string
	kind prometheus.ValueType
	get  func(*Stats) float64
}

var metricDefs = []metricDef{
	{"packets_total", "Frames read from the capture source.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.Packets) }},
	{"bytes_total", "Bytes of frames read from the capture source.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.Bytes) }},
	{"kernel_drops_total", "Frames the kernel dropped before the sensor read them.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.KernelDrops) }},
	{"kernel_queue_freezes_total", "AF_PACKET ring queue freezes.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.KernelFreeze) }},
	{"flows_total", "TCP connections tracked.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.Flows) }},
	{"exchanges_total", "HTTP exchanges parsed.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.Exchanges) }},
	{"gaps_total", "Gaps (lost bytes) seen in TCP streams.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.Gaps) }},
	{"skipped_bytes_total", "Stream bytes not parsed as HTTP.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.SkippedBytes) }},
	{"endpoints", "Endpoints in the inventory.", prometheus.GaugeValue, func(s *Stats) float64 { return float64(s.Endpoints) }},
	{"hosts", "Hosts in the inventory.", prometheus.GaugeValue, func(s *Stats) float64 { return float64(s.Hosts) }},
	{"noise", "Noise entries (requests that reached no real endpoint).", prometheus.GaugeValue, func(s *Stats) float64 { return float64(s.Noise) }},
	{"host_overflow_total", "Observations refused because the host cap was reached.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.HostOverflow) }},
	{"noise_host_overflow_total", "Noise for new hosts refused because the noise-only host cap was reached (junk Host headers).", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.NoiseHostOverflow) }},
	{"endpoint_overflow_total", "Observations refused because a host's endpoint cap was reached.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.EndpointOverflow) }},
	{"commits_total", "Inventory commits to the database.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.Commits) }},
	{"commit_errors_total", "Failed inventory commits.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.CommitErrors) }},
	{"findings", "Current findings against the loaded specs.", prometheus.GaugeValue, func(s *Stats) float64 { return float64(s.Findings) }},
	{"findings_emitted_total", "Findings accepted by a first sink (new to every sink until then).", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.FindingsNew) }},
	{"sink_errors_total", "Failed deliveries to sinks (each is offered again at a later commit).", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.SinkErrors) }},
	{"sinks_pending", "Current findings and resolutions not yet accepted, summed over the configured sinks.", prometheus.GaugeValue, func(s *Stats) float64 { return float64(s.Detail["sinks.pending"]) }},
	{"reloads_total", "Configuration reloads (SIGHUP).", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.Reloads) }},
	{"reload_errors_total", "Failed configuration reloads.", prometheus.CounterValue, func(s *Stats) float64 { return float64(s.ReloadErrors) }},
	{"uptime_seconds", "Seconds since the sensor started.", prometheus.GaugeValue, func(s *Stats) float64 { return s.UptimeSeconds }},
}

var findingsDesc = prometheus.NewDesc("shadowtap_findings_current",
	"Current findings by kind and severity.", []string{"kind", "severity"}, nil)

var detailDesc = prometheus.NewDesc("shadowtap_stage_counter_total",
	"Named counters of the pipeline stages (decoder, reassembly weirds, inventory), labelled stage.name.",
	[]string{"counter"}, nil)

// sinkPendingDesc exports the Detail gauges sinkN.pending, which the
// counter family above must not carry (they go down).
var sinkPendingDesc = prometheus.NewDesc("shadowtap_sink_pending",
	"Current findings and resolutions a sink has not accepted yet (offered again at each commit), by sink number as configured.",
	[]string{"sink"}, nil)

func newStatsCollector(src DataSource) *statsCollector {
	c := &statsCollector{src: src, descs: map[string]*prometheus.Desc{}}
	for _, d := range metricDefs {
		c.descs[d.name] = prometheus.NewDesc("shadowtap_"+d.name, d.help, nil, nil)
	}
	return c
}

func (c *statsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range metricDefs {
		ch <- c.descs[d.name]
	}
	ch <- detailDesc
	ch <- findingsDesc
	ch <- sinkPendingDesc
}

func (c *statsCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.src.Stats()
	for _, d := range metricDefs {
		ch <- prometheus.MustNewConstMetric(c.descs[d.name], d.kind, d.get(&s))
	}
	type ks struct{ kind, sev string }
	byKind := map[ks]int{}
	for _, f := range c.src.Findings() {
		byKind[ks{f.Kind, f.Severity.String()}]++
	}
	for k, n := range byKind {
		ch <- prometheus.MustNewConstMetric(findingsDesc, prometheus.GaugeValue, float64(n), k.kind, k.sev)
	}
	keys := make([]string, 0, len(s.Detail))
	for k := range s.Detail {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if n, ok := strings.CutSuffix(k, ".pending"); ok {
			if num, ok := strings.CutPrefix(n, "sink"); ok {
				ch <- prometheus.MustNewConstMetric(sinkPendingDesc, prometheus.GaugeValue, float64(s.Detail[k]), num)
			}
			continue // sinks.pending: shadowtap_sinks_pending
		}
		ch <- prometheus.MustNewConstMetric(detailDesc, prometheus.CounterValue, float64(s.Detail[k]), k)
	}
}
