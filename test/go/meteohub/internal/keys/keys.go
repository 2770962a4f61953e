// Package keys issues session signing keys from the hardware key store.
package keys

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"os"
)

// Key is a session signing key.
type Key [32]byte

// Service hands out keys one at a time.
type Service struct {
	issued chan Key
	device string
}

// Start opens the key store at device and starts issuing keys.
func Start(device string) *Service {
	s := &Service{issued: make(chan Key), device: device}
	go s.run()
	return s
}

func (s *Service) run() {
	f, err := openStore(s.device)
	if err != nil {
		log.Printf("keys: %v", err)
		return
	}
	defer f.Close()
	for {
		var k Key
		if _, err := f.Read(k[:]); err != nil {
			log.Printf("keys: reading %s: %v", s.device, err)
			close(s.issued)
			return
		}
		s.issued <- k
	}
}

func openStore(device string) (*os.File, error) {
	if device == "" {
		return nil, errors.New("no key store configured")
	}
	f, err := os.Open(device)
	if err != nil {
		return nil, fmt.Errorf("opening key store: %w", err)
	}
	return f, nil
}

// Next returns the next key; a zero key when the store is exhausted.
func (s *Service) Next() Key {
	return <-s.issued
}

// Random returns a key from crypto/rand, for tests and development.
func Random() Key {
	var k Key
	rand.Read(k[:])
	return k
}
