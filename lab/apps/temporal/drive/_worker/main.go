// Command worker is the shop's Temporal worker (Go SDK, gRPC to 127.0.0.1:17233: not recorded). It polls three task
// queues in each namespace given, with one workflow type each:
//
//   - OrderFulfillment on "order-fulfillment": reserves stock, waits for the "payment-confirmed" signal (or an hour),
//     charges and ships; query "order-status", update "change-shipping-address", signal "add-gift-note".
//   - InvoiceGeneration on "billing-invoices": totals, renders and sends an invoice (quick; also run by schedules).
//   - WelcomeEmail on "customer-emails": sends a welcome mail, waits 30 minutes (or the "skip-wait" signal), sends
//     tips; query "progress".
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

type Order struct {
	OrderID  string   `json:"orderId"`
	Customer string   `json:"customer"`
	Items    []string `json:"items"`
	Total    float64  `json:"total"`
	Address  string   `json:"address"`
}

type Invoice struct {
	InvoiceID string  `json:"invoiceId"`
	Customer  string  `json:"customer"`
	Period    string  `json:"period"`
	Amount    float64 `json:"amount"`
}

type Signup struct {
	User  string `json:"user"`
	Email string `json:"email"`
	Plan  string `json:"plan"`
}

func ao(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 30 * time.Second})
}

func OrderFulfillment(ctx workflow.Context, o Order) (string, error) {
	status := "received"
	giftNote := ""
	_ = workflow.SetQueryHandler(ctx, "order-status", func() (map[string]any, error) {
		return map[string]any{"orderId": o.OrderID, "status": status, "address": o.Address, "giftNote": giftNote}, nil
	})
	_ = workflow.SetUpdateHandler(ctx, "change-shipping-address", func(ctx workflow.Context, addr string) (string, error) {
		if status == "shipped" {
			return "", fmt.Errorf("order %s already shipped", o.OrderID)
		}
		o.Address = addr
		return "shipping address of " + o.OrderID + " is now " + addr, nil
	})
	ctx = ao(ctx)
	if err := workflow.ExecuteActivity(ctx, ReserveInventory, o).Get(ctx, &status); err != nil {
		return "", err
	}
	paid := workflow.GetSignalChannel(ctx, "payment-confirmed")
	gift := workflow.GetSignalChannel(ctx, "add-gift-note")
	timer := workflow.NewTimer(ctx, time.Hour)
	status = "awaiting-payment"
	for status == "awaiting-payment" {
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(paid, func(c workflow.ReceiveChannel, _ bool) { var ref string; c.Receive(ctx, &ref); status = "paid" })
		sel.AddReceive(gift, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, &giftNote) })
		sel.AddFuture(timer, func(workflow.Future) { status = "payment-timeout" })
		sel.Select(ctx)
	}
	if status == "payment-timeout" {
		return status, nil
	}
	if err := workflow.ExecuteActivity(ctx, ChargePayment, o).Get(ctx, nil); err != nil {
		return "", err
	}
	if err := workflow.ExecuteActivity(ctx, ShipOrder, o).Get(ctx, &status); err != nil {
		return "", err
	}
	return status, nil
}

func InvoiceGeneration(ctx workflow.Context, in Invoice) (string, error) {
	ctx = ao(ctx)
	var url string
	if err := workflow.ExecuteActivity(ctx, RenderInvoicePDF, in).Get(ctx, &url); err != nil {
		return "", err
	}
	if err := workflow.ExecuteActivity(ctx, SendEmail, in.Customer, "Your invoice "+in.InvoiceID).Get(ctx, nil); err != nil {
		return "", err
	}
	return url, nil
}

func WelcomeEmail(ctx workflow.Context, s Signup) (string, error) {
	progress := "starting"
	_ = workflow.SetQueryHandler(ctx, "progress", func() (string, error) { return progress, nil })
	ctx = ao(ctx)
	if err := workflow.ExecuteActivity(ctx, SendEmail, s.Email, "Welcome to Acme, "+s.User).Get(ctx, nil); err != nil {
		return "", err
	}
	progress = "welcome-sent"
	skip := workflow.GetSignalChannel(ctx, "skip-wait")
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(skip, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil) })
	sel.AddFuture(workflow.NewTimer(ctx, 30*time.Minute), func(workflow.Future) {})
	sel.Select(ctx)
	if err := workflow.ExecuteActivity(ctx, SendEmail, s.Email, "Getting started with your "+s.Plan+" plan").Get(ctx, nil); err != nil {
		return "", err
	}
	progress = "tips-sent"
	return progress, nil
}

func ReserveInventory(ctx context.Context, o Order) (string, error) {
	activity.GetLogger(ctx).Info("reserved", "order", o.OrderID, "items", len(o.Items))
	return "reserved", nil
}

func ChargePayment(ctx context.Context, o Order) error {
	time.Sleep(100 * time.Millisecond)
	return nil
}

func ShipOrder(ctx context.Context, o Order) (string, error) { return "shipped", nil }

func RenderInvoicePDF(ctx context.Context, in Invoice) (string, error) {
	return "s3://acme-invoices/" + in.Period + "/" + in.InvoiceID + ".pdf", nil
}

func SendEmail(ctx context.Context, to, subject string) error { return nil }

func main() {
	if len(os.Args) < 3 {
		log.Fatal("usage: worker HOST:PORT NAMESPACE...")
	}
	var workers []worker.Worker
	for _, ns := range os.Args[2:] {
		c, err := client.Dial(client.Options{HostPort: os.Args[1], Namespace: ns, Identity: "shop-worker@" + ns})
		if err != nil {
			log.Fatalf("dial %s: %v", ns, err)
		}
		for tq, wf := range map[string]any{"order-fulfillment": OrderFulfillment, "billing-invoices": InvoiceGeneration, "customer-emails": WelcomeEmail} {
			w := worker.New(c, tq, worker.Options{})
			w.RegisterWorkflow(wf)
			for _, a := range []any{ReserveInventory, ChargePayment, ShipOrder, RenderInvoicePDF, SendEmail} {
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
