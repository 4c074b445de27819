package eventbus

// Lab build shim (shadowtap lab, setup.sh): the module's go.mod replaces github.com/hashicorp/vault/sdk with ./sdk,
// which the module zip lacks; built with sdk v0.10.2 from the proxy instead, whose logical.EventSender names its
// method SendEvent where this tree's in-tree sdk said Send.

import (
	"context"

	"github.com/hashicorp/vault/sdk/logical"
)

func (bus *pluginEventBus) SendEvent(ctx context.Context, eventType logical.EventType, data *logical.EventData) error {
	return bus.Send(ctx, eventType, data)
}
