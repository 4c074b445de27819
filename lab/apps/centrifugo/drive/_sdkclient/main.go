// Go SDK client (github.com/centrifugal/centrifuge-go v0.12.1, the project's official Go client SDK): app users
// connecting over WebSocket to 127.0.0.1:18800/connection/websocket with connection JWTs made by `centrifugo gentoken`
// (passed in TOKENS as user=token lines), subscribing to channels, publishing from the client where the namespace
// allows it, reading presence and history, and staying connected while the backend publishes over the server API.
//
// usage: sdkclient WS_URL SECONDS   (TOKENS in the environment)
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/centrifugal/centrifuge-go"
)

type plan struct {
	user     string
	channels []string
	publish  map[string][]string // channel -> messages this user writes from the client
	forbid   []string            // channels the user tries and is refused
}

var plans = []plan{
	{user: "alice", channels: []string{"news", "chat:room-lobby", "orders:eu-west#alice", "metrics:cpu-eu1"},
		publish: map[string][]string{"chat:room-lobby": {`{"text":"morning all, deploy at 10:30","from":"alice"}`, `{"text":"release notes are in #releases","from":"alice"}`}},
		forbid:  []string{"orders:eu-west#bob.nguyen"}},
	{user: "bob.nguyen", channels: []string{"news", "chat:room-lobby", "chat:room-support", "orders:eu-west#bob.nguyen"},
		publish: map[string][]string{"chat:room-support": {`{"text":"ticket #8812 escalated","from":"bob.nguyen"}`}, "chat:room-lobby": {`{"text":"👍","from":"bob.nguyen"}`}}},
	{user: "carla_m", channels: []string{"chat:room-support", "orders:us-east#carla_m", "metrics:latency-api"},
		publish: map[string][]string{"chat:room-support": {`{"text":"looking at it now","from":"carla_m"}`}},
		forbid:  []string{"orders:us-east#alice"}},
	{user: "dmitri", channels: []string{"news", "chat:room-lobby", "chat:standup-2026-12-07"},
		publish: map[string][]string{"chat:standup-2026-12-07": {`{"text":"yesterday: billing export; today: retries","from":"dmitri"}`}}},
	{user: "42017", channels: []string{"news", "orders:ap-south#42017"}},
	{user: "eve-ops", channels: []string{"metrics:cpu-eu1", "metrics:latency-api", "chat:room-incidents"},
		publish: map[string][]string{"chat:room-incidents": {`{"text":"p95 latency back under 200ms","from":"eve-ops"}`}},
		forbid:  []string{"news:breaking"}},
}

func main() {
	if len(os.Args) < 3 {
		log.Fatal("usage: sdkclient WS_URL SECONDS")
	}
	url := os.Args[1]
	secs, _ := strconv.Atoi(os.Args[2])
	tokens := map[string]string{}
	for _, line := range strings.Split(os.Getenv("TOKENS"), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			tokens[k] = v
		}
	}
	var wg sync.WaitGroup
	for i, p := range plans {
		wg.Add(1)
		go func(i int, p plan) {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 300 * time.Millisecond)
			run(url, tokens[p.user], p, time.Duration(secs)*time.Second)
		}(i, p)
	}
	// a client whose token was signed with another key: the server refuses the connect (invalid token)
	wg.Add(1)
	go func() {
		defer wg.Done()
		c := centrifuge.NewJsonClient(url, centrifuge.Config{Token: tokens["forged"], Name: "lab-go-sdk"})
		c.OnDisconnected(func(e centrifuge.DisconnectedEvent) { log.Printf("forged: disconnected %d %s", e.Code, e.Reason) })
		c.OnError(func(e centrifuge.ErrorEvent) { log.Printf("forged: error %v", e.Error) })
		_ = c.Connect()
		time.Sleep(2 * time.Second)
		c.Close()
	}()
	wg.Wait()
}

func run(url, token string, p plan, d time.Duration) {
	c := centrifuge.NewJsonClient(url, centrifuge.Config{Token: token, Name: "lab-go-sdk", Version: "0.12.1",
		MinReconnectDelay: 2 * time.Second, MaxReconnectDelay: 10 * time.Second})
	defer c.Close()
	got := 0
	var mu sync.Mutex
	c.OnConnected(func(e centrifuge.ConnectedEvent) { log.Printf("%s: connected client=%s", p.user, e.ClientID) })
	c.OnDisconnected(func(e centrifuge.DisconnectedEvent) { log.Printf("%s: disconnected %d %s", p.user, e.Code, e.Reason) })
	c.OnError(func(e centrifuge.ErrorEvent) { log.Printf("%s: error %v", p.user, e.Error) })
	// server-side subscriptions (made with the server API's /api/subscribe) arrive here
	c.OnPublication(func(e centrifuge.ServerPublicationEvent) {
		mu.Lock()
		got++
		mu.Unlock()
	})
	c.OnSubscribed(func(e centrifuge.ServerSubscribedEvent) {
		log.Printf("%s: server-side subscribed %s", p.user, e.Channel)
	})
	if err := c.Connect(); err != nil {
		log.Printf("%s: connect: %v", p.user, err)
		return
	}
	ctx := context.Background()
	subs := map[string]*centrifuge.Subscription{}
	for _, ch := range append(append([]string{}, p.channels...), p.forbid...) {
		s, err := c.NewSubscription(ch, centrifuge.SubscriptionConfig{Recoverable: strings.HasPrefix(ch, "chat:"), JoinLeave: strings.HasPrefix(ch, "chat:")})
		if err != nil {
			log.Printf("%s: new sub %s: %v", p.user, ch, err)
			continue
		}
		ch := ch
		s.OnPublication(func(e centrifuge.PublicationEvent) { mu.Lock(); got++; mu.Unlock() })
		s.OnError(func(e centrifuge.SubscriptionErrorEvent) { log.Printf("%s: sub %s error %v", p.user, ch, e.Error) })
		s.OnUnsubscribed(func(e centrifuge.UnsubscribedEvent) {
			if e.Code != 0 {
				log.Printf("%s: unsubscribed %s %d %s", p.user, ch, e.Code, e.Reason)
			}
		})
		_ = s.Subscribe()
		subs[ch] = s
	}
	time.Sleep(1500 * time.Millisecond)
	for ch, msgs := range p.publish {
		for _, m := range msgs {
			if _, err := subs[ch].Publish(ctx, []byte(m)); err != nil {
				log.Printf("%s: publish %s: %v", p.user, ch, err)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	for _, ch := range p.channels {
		s := subs[ch]
		if s == nil || s.State() != centrifuge.SubStateSubscribed {
			continue
		}
		if pr, err := s.Presence(ctx); err == nil {
			log.Printf("%s: presence %s: %d clients", p.user, ch, len(pr.Clients))
		} else {
			log.Printf("%s: presence %s: %v", p.user, ch, err)
		}
		if h, err := s.History(ctx, centrifuge.WithHistoryLimit(10), centrifuge.WithHistoryReverse(true)); err == nil {
			log.Printf("%s: history %s: %d publications", p.user, ch, len(h.Publications))
		} else {
			log.Printf("%s: history %s: %v", p.user, ch, err)
		}
	}
	// an RPC the deployment has no proxy for: the server answers "method not found"
	if _, err := c.RPC(ctx, "getProfile", []byte(fmt.Sprintf(`{"user":%q}`, p.user))); err != nil {
		log.Printf("%s: rpc: %v", p.user, err)
	}
	time.Sleep(d)
	for _, s := range subs {
		_ = s.Unsubscribe()
	}
	mu.Lock()
	log.Printf("%s: %d publications received", p.user, got)
	mu.Unlock()
	_ = c.Disconnect()
}
