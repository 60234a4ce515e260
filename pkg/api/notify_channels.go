package api

import (
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/notify"
)

// ChannelList answers GET /notifications/channels.
type ChannelList struct {
	Items []notify.Channel `json:"items"`
}

// listChannels names the org's notification channels (never their URLs or
// secrets: notify.Channel leaves them out of JSON), so the status composer
// can offer them.
func (a *API) listChannels(r *http.Request, _ Identity) (int, any, error) {
	items := a.Channels
	if items == nil {
		items = []notify.Channel{}
	}
	return http.StatusOK, ChannelList{Items: items}, nil
}
