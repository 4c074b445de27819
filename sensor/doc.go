// Package sensor is the always-on sensor behind `shadowtap run`.
package sensor

import (
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/prometheus/client_golang/prometheus/promhttp"
	_ "go.yaml.in/yaml/v3"
)
