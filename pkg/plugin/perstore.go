package plugin

import (
	"context"
	"sync"
)

// perStore keeps one background service per store location in this
// process, not per org instance: the first instance that uses a store
// starts it, the last one to be disposed stops it. The scheduler
// (scheduling.go) and the live watcher (live.go) run this way.
type perStore[T any] struct {
	mu      sync.Mutex
	byStore map[string]*perStoreEntry[T]
}

type perStoreEntry[T any] struct {
	refs int
	svc  T
	stop func()
}

// join returns the service of the store key, and the function that drops
// this reference (idempotent). If none runs, start makes it: the service,
// its loop (run in a goroutine until the last reference is dropped) and
// what to release after the loop returned (its store handle). start runs
// under the lock, so two instances never start two services of one store.
func (p *perStore[T]) join(key string, start func() (svc T, run func(context.Context), release func(), err error)) (T, func(), error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.byStore[key]
	if e == nil {
		svc, run, release, err := start()
		if err != nil {
			var zero T
			return zero, nil, err
		}
		bg, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			run(bg)
		}()
		e = &perStoreEntry[T]{svc: svc, stop: func() {
			cancel()
			<-done
			release()
		}}
		if p.byStore == nil {
			p.byStore = map[string]*perStoreEntry[T]{}
		}
		p.byStore[key] = e
	}
	e.refs++
	var once sync.Once
	return e.svc, func() {
		once.Do(func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			e.refs--
			if e.refs > 0 {
				return
			}
			delete(p.byStore, key)
			e.stop()
		})
	}, nil
}

// get returns the running service of the store key, if any.
func (p *perStore[T]) get(key string) (T, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.byStore[key]
	if e == nil {
		var zero T
		return zero, false
	}
	return e.svc, true
}
