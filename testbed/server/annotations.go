package main

import (
	"encoding/json"
	"errors"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// annotation is one row as Grafana's legacy annotations API returns it
// (ItemDTO in grafana/grafana pkg/services/annotations/models.go; the
// HTTP API is documented in docs/sources/developers/http_api/annotations.md).
type annotation struct {
	ID           int64           `json:"id"`
	OrgID        int64           `json:"-"`
	AlertID      int64           `json:"alertId"`
	DashboardID  int64           `json:"dashboardId"`
	DashboardUID string          `json:"dashboardUID"`
	PanelID      int64           `json:"panelId"`
	UserID       int64           `json:"userId"`
	Login        string          `json:"login"`
	Email        string          `json:"email"`
	AvatarURL    string          `json:"avatarUrl"`
	NewState     string          `json:"newState"`
	PrevState    string          `json:"prevState"`
	Created      int64           `json:"created"`
	Updated      int64           `json:"updated"`
	Time         int64           `json:"time"`
	TimeEnd      int64           `json:"timeEnd"`
	Text         string          `json:"text"`
	Tags         []string        `json:"tags"`
	Data         json.RawMessage `json:"data"`
}

// stored keeps the org id in the state file although the API hides it.
type stored struct {
	annotation
	Org int64 `json:"orgId"`
}

type annotationStore struct {
	path   string
	mu     sync.Mutex
	nextID int64
	items  []annotation
	now    func() time.Time
}

type annotationFile struct {
	NextID int64    `json:"nextId"`
	Items  []stored `json:"items"`
}

func newAnnotationStore(stateDir string) (*annotationStore, error) {
	s := &annotationStore{path: filepath.Join(stateDir, "annotations.json"), nextID: 1, now: time.Now}
	var f annotationFile
	if err := loadJSON(s.path, &f); err != nil {
		return nil, err
	}
	for _, it := range f.Items {
		a := it.annotation
		a.OrgID = it.Org
		s.items = append(s.items, a)
	}
	if f.NextID > 0 {
		s.nextID = f.NextID
	}
	return s, nil
}

// saveLocked persists items; the caller holds mu and only commits its
// in-memory change after this succeeds.
func (s *annotationStore) saveLocked(items []annotation, nextID int64) error {
	f := annotationFile{NextID: nextID, Items: make([]stored, 0, len(items))}
	for _, a := range items {
		f.Items = append(f.Items, stored{annotation: a, Org: a.OrgID})
	}
	return saveJSON(s.path, f)
}

// annotationQuery is the Find query of the legacy API.
type annotationQuery struct {
	DashboardUID string
	PanelID      int64
	From, To     int64
	Tags         []string
	MatchAny     bool
	Type         string
	Limit        int
}

func parseAnnotationQuery(q url.Values) (annotationQuery, error) {
	aq := annotationQuery{DashboardUID: q.Get("dashboardUID"), Tags: q["tags"], Type: q.Get("type"), Limit: 100}
	ints := map[string]*int64{"panelId": &aq.PanelID, "from": &aq.From, "to": &aq.To}
	for k, dst := range ints {
		if v := q.Get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return aq, errors.New(k + " must be an integer")
			}
			*dst = n
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return aq, errors.New("limit must be a positive integer")
		}
		aq.Limit = n
	}
	if v := q.Get("matchAny"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return aq, errors.New("matchAny must be true or false")
		}
		aq.MatchAny = b
	}
	if aq.Type != "" && aq.Type != "annotation" && aq.Type != "alert" {
		return aq, errors.New(`type must be "annotation" or "alert"`)
	}
	return aq, nil
}

// find filters like Grafana's SQL store: same org; dashboard and panel when
// given; time overlap (time <= to AND timeEnd >= from); every tag (or any
// with matchAny); newest first; at most limit rows.
func (s *annotationStore) find(orgID int64, q annotationQuery) []annotation {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []annotation{}
	for _, a := range s.items {
		switch {
		case a.OrgID != orgID,
			q.Type == "alert", // no alert annotations in the test bed
			q.DashboardUID != "" && a.DashboardUID != q.DashboardUID,
			q.PanelID != 0 && a.PanelID != q.PanelID,
			q.To > 0 && a.Time > q.To,
			q.From > 0 && a.TimeEnd < q.From,
			!tagsMatch(a.Tags, q.Tags, q.MatchAny):
			continue
		}
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Time != out[j].Time {
			return out[i].Time > out[j].Time
		}
		return out[i].ID > out[j].ID
	})
	if len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

func tagsMatch(have, want []string, any bool) bool {
	if len(want) == 0 {
		return true
	}
	for _, t := range want {
		found := slices.Contains(have, t)
		if any && found {
			return true
		}
		if !any && !found {
			return false
		}
	}
	return !any
}

// create stores a; Grafana fills time with now when 0 and timeEnd with time.
func (s *annotationStore) create(a annotation) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UnixMilli()
	a.ID, a.Created, a.Updated = s.nextID, now, now
	if a.Time == 0 {
		a.Time = now
	}
	if a.TimeEnd == 0 {
		a.TimeEnd = a.Time
	}
	if a.Tags == nil {
		a.Tags = []string{}
	}
	items := append(slices.Clone(s.items), a)
	if err := s.saveLocked(items, s.nextID+1); err != nil {
		return 0, err
	}
	s.items, s.nextID = items, s.nextID+1
	return a.ID, nil
}

var errNotFound = errors.New("not found")

// modify applies fn to the org's annotation id; remove=true deletes it and
// an error leaves everything unchanged.
func (s *annotationStore) modify(orgID, id int64, fn func(*annotation) (remove bool, err error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.items, func(a annotation) bool { return a.ID == id && a.OrgID == orgID })
	if i < 0 {
		return errNotFound
	}
	items := slices.Clone(s.items)
	a := items[i]
	remove, err := fn(&a)
	if err != nil {
		return err
	}
	if remove {
		items = slices.Delete(items, i, i+1)
	} else {
		a.Updated = s.now().UnixMilli()
		items[i] = a
	}
	if err := s.saveLocked(items, s.nextID); err != nil {
		return err
	}
	s.items = items
	return nil
}
