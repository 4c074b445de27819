// Command worker is the Temporal worker of a freight-and-payments company (Go SDK, gRPC to 127.0.0.1:17233: not
// recorded). It registers four workflow types, each under a name chosen at registration, on four task queues, in
// each namespace given:
//
//   - "ShipmentTracking" on "shipments.v2": books a carrier, then follows the parcel through "carrierScan" signals
//     until one says "delivered" (or six hours pass); query "whereIsIt", update "reroute" (new depot, refused once
//     delivered), signal "customs_hold".
//   - "settle_payout" on "sepa_payouts": checks the beneficiary, waits for the bank's "BankAck" signal (or 2 h), books
//     the ledger; query "settlement_state", update "adjust_amount".
//   - "etl.nightly" on "etl-batch": extract, transform, load (quick; also what the schedules start); query
//     "rows_processed".
//   - "UserSignup" on "ONBOARDING": sends a verification mail, waits for "emailVerified" (or 20 minutes), provisions
//     the account; query "step", signal "resend-code".
//
// Usage: worker HOST:PORT NAMESPACE...
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

type Shipment struct {
	Tracking string  `json:"tracking"`
	Origin   string  `json:"origin"`
	Dest     string  `json:"destination"`
	WeightKg float64 `json:"weight_kg"`
	Carrier  string  `json:"carrier"`
}

type Payout struct {
	Reference   string  `json:"reference"`
	Beneficiary string  `json:"beneficiary"`
	IBAN        string  `json:"iban"`
	AmountCents int64   `json:"amount_cents"`
	Currency    string  `json:"currency"`
	FxRate      float64 `json:"fx_rate,omitempty"`
}

type EtlRun struct {
	Dataset string   `json:"dataset"`
	Date    string   `json:"date"`
	Tables  []string `json:"tables"`
}

type Signup struct {
	Login   string `json:"login"`
	Email   string `json:"email"`
	Country string `json:"country"`
}

func ao(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 20 * time.Second})
}

func ShipmentTracking(ctx workflow.Context, s Shipment) (string, error) {
	location := s.Origin
	scans := 0
	hold := ""
	_ = workflow.SetQueryHandler(ctx, "whereIsIt", func() (map[string]any, error) {
		return map[string]any{"tracking": s.Tracking, "location": location, "scans": scans, "destination": s.Dest, "hold": hold}, nil
	})
	delivered := false
	_ = workflow.SetUpdateHandler(ctx, "reroute", func(ctx workflow.Context, depot string) (string, error) {
		if delivered {
			return "", fmt.Errorf("shipment %s already delivered", s.Tracking)
		}
		s.Dest = depot
		return s.Tracking + " rerouted to " + depot, nil
	})
	ctx = ao(ctx)
	var booking string
	if err := workflow.ExecuteActivity(ctx, BookCarrier, s).Get(ctx, &booking); err != nil {
		return "", err
	}
	scan := workflow.GetSignalChannel(ctx, "carrierScan")
	customs := workflow.GetSignalChannel(ctx, "customs_hold")
	timeout := workflow.NewTimer(ctx, 6*time.Hour)
	timedOut := false
	for !delivered && !timedOut {
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(scan, func(c workflow.ReceiveChannel, _ bool) {
			var at string
			c.Receive(ctx, &at)
			scans++
			location = at
			if at == "delivered" {
				delivered = true
			}
		})
		sel.AddReceive(customs, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, &hold) })
		sel.AddFuture(timeout, func(workflow.Future) { timedOut = true })
		sel.Select(ctx)
	}
	if timedOut {
		return "lost-in-transit", nil
	}
	if err := workflow.ExecuteActivity(ctx, NotifyConsignee, s).Get(ctx, nil); err != nil {
		return "", err
	}
	return "delivered after " + fmt.Sprint(scans) + " scans", nil
}

func SettlePayout(ctx workflow.Context, p Payout) (string, error) {
	state := "screening"
	_ = workflow.SetQueryHandler(ctx, "settlement_state", func() (map[string]any, error) {
		return map[string]any{"reference": p.Reference, "state": state, "amount_cents": p.AmountCents, "currency": p.Currency}, nil
	})
	_ = workflow.SetUpdateHandler(ctx, "adjust_amount", func(ctx workflow.Context, cents int64) (int64, error) {
		if state == "booked" {
			return 0, fmt.Errorf("payout %s already booked", p.Reference)
		}
		if cents <= 0 {
			return 0, fmt.Errorf("amount must be positive")
		}
		p.AmountCents = cents
		return cents, nil
	})
	ctx = ao(ctx)
	if err := workflow.ExecuteActivity(ctx, ScreenBeneficiary, p).Get(ctx, nil); err != nil {
		return "", err
	}
	state = "awaiting-bank"
	ack := workflow.GetSignalChannel(ctx, "BankAck")
	sel := workflow.NewSelector(ctx)
	acked := false
	sel.AddReceive(ack, func(c workflow.ReceiveChannel, _ bool) { var ref string; c.Receive(ctx, &ref); acked = true })
	sel.AddFuture(workflow.NewTimer(ctx, 2*time.Hour), func(workflow.Future) {})
	sel.Select(ctx)
	if !acked {
		state = "bank-timeout"
		return state, nil
	}
	if err := workflow.ExecuteActivity(ctx, BookLedger, p).Get(ctx, nil); err != nil {
		return "", err
	}
	state = "booked"
	return state, nil
}

func NightlyEtl(ctx workflow.Context, r EtlRun) (int, error) {
	rows := 0
	_ = workflow.SetQueryHandler(ctx, "rows_processed", func() (int, error) { return rows, nil })
	ctx = ao(ctx)
	for _, t := range r.Tables {
		var n int
		if err := workflow.ExecuteActivity(ctx, CopyTable, r.Dataset, t).Get(ctx, &n); err != nil {
			return rows, err
		}
		rows += n
	}
	return rows, nil
}

func UserSignup(ctx workflow.Context, s Signup) (string, error) {
	step := "send-code"
	_ = workflow.SetQueryHandler(ctx, "step", func() (string, error) { return step, nil })
	ctx = ao(ctx)
	if err := workflow.ExecuteActivity(ctx, SendVerification, s.Email).Get(ctx, nil); err != nil {
		return "", err
	}
	step = "awaiting-verification"
	verified := workflow.GetSignalChannel(ctx, "emailVerified")
	resend := workflow.GetSignalChannel(ctx, "resend-code")
	timer := workflow.NewTimer(ctx, 20*time.Minute)
	done := false
	for step == "awaiting-verification" {
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(verified, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil); done = true; step = "provisioning" })
		sel.AddReceive(resend, func(c workflow.ReceiveChannel, _ bool) {
			c.Receive(ctx, nil)
			_ = workflow.ExecuteActivity(ctx, SendVerification, s.Email).Get(ctx, nil)
		})
		sel.AddFuture(timer, func(workflow.Future) { step = "expired" })
		sel.Select(ctx)
	}
	if !done {
		return step, nil
	}
	if err := workflow.ExecuteActivity(ctx, ProvisionAccount, s).Get(ctx, nil); err != nil {
		return "", err
	}
	step = "active"
	return step, nil
}

func BookCarrier(ctx context.Context, s Shipment) (string, error) {
	activity.GetLogger(ctx).Info("booked", "tracking", s.Tracking, "carrier", s.Carrier)
	return s.Carrier + "-" + s.Tracking, nil
}
func NotifyConsignee(ctx context.Context, s Shipment) error { return nil }
func ScreenBeneficiary(ctx context.Context, p Payout) error {
	time.Sleep(50 * time.Millisecond)
	return nil
}
func BookLedger(ctx context.Context, p Payout) error { return nil }
func CopyTable(ctx context.Context, dataset, table string) (int, error) {
	return 1000 + len(dataset)*len(table), nil
}
func SendVerification(ctx context.Context, email string) error { return nil }
func ProvisionAccount(ctx context.Context, s Signup) error     { return nil }

func main() {
	if len(os.Args) < 3 {
		log.Fatal("usage: worker HOST:PORT NAMESPACE...")
	}
	type reg struct {
		name string
		fn   any
	}
	queues := map[string]reg{
		"shipments.v2": {"ShipmentTracking", ShipmentTracking},
		"sepa_payouts": {"settle_payout", SettlePayout},
		"etl-batch":    {"etl.nightly", NightlyEtl},
		"ONBOARDING":   {"UserSignup", UserSignup},
	}
	var workers []worker.Worker
	for _, ns := range os.Args[2:] {
		c, err := client.Dial(client.Options{HostPort: os.Args[1], Namespace: ns, Identity: "fleet-worker-7@" + ns})
		if err != nil {
			log.Fatalf("dial %s: %v", ns, err)
		}
		for tq, r := range queues {
			w := worker.New(c, tq, worker.Options{})
			w.RegisterWorkflowWithOptions(r.fn, workflow.RegisterOptions{Name: r.name})
			for _, a := range []any{BookCarrier, NotifyConsignee, ScreenBeneficiary, BookLedger, CopyTable, SendVerification, ProvisionAccount} {
				w.RegisterActivity(a)
			}
			if err := w.Start(); err != nil {
				log.Fatalf("start %s/%s: %v", ns, tq, err)
			}
			workers = append(workers, w)
		}
	}
	log.Printf("worker: %d pollers running", len(workers))
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	<-ch
	for _, w := range workers {
		w.Stop()
	}
}
