package plugin

import (
	"context"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// TestAnonymousViewerSubscribesToTheLiveStream: the Live channel admits the
// anonymous user by its role, like the resource routes.
func TestAnonymousViewerSubscribesToTheLiveStream(t *testing.T) {
	a := testApp(t)
	id, _ := declare(t, a, editor, "watched on a TV")
	for _, tc := range []struct {
		who  caller
		want backend.SubscribeStreamStatus
	}{
		{apitest.Anonymous("Viewer"), backend.SubscribeStreamStatusOK},
		{apitest.Anonymous("Admin"), backend.SubscribeStreamStatusOK},
		{apitest.Anonymous("None"), backend.SubscribeStreamStatusPermissionDenied},
		{caller{OrgID: 0, Login: "", Role: "Viewer"}, backend.SubscribeStreamStatusPermissionDenied},
		{nobody, backend.SubscribeStreamStatusPermissionDenied},
	} {
		pc := pluginContext(tc.who)
		res, err := a.SubscribeStream(backend.WithPluginContext(context.Background(), pc),
			&backend.SubscribeStreamRequest{PluginContext: pc, Path: "incident/" + id})
		if err != nil || res.Status != tc.want {
			t.Errorf("%+v: status %v, %v; want %v", tc.who, res.Status, err, tc.want)
		}
	}
}
