package main

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/shadowtap/shadowtap/inventory"
)

// addRunCmd adds the always-on sensor command once the sensor package is
// wired in.
func addRunCmd(root *cobra.Command) {}

// endpointsFromSensor asks a running sensor that holds dbPath for its
// endpoints.
func endpointsFromSensor(ctx context.Context, dbPath string) ([]inventory.Endpoint, error) {
	return nil, errors.New("no running sensor API found for this database")
}
