// Package keys manages repository master keys and their rotation.
package keys

import "errors"

// Keyring holds every master key generation of a repository. Older
// generations stay readable so earlier snapshots remain restorable.
type Keyring struct {
	Current     int
	Generations map[int][]byte
}

// ErrUnknownGeneration is returned when a snapshot names a key generation
// that the keyring no longer holds.
var ErrUnknownGeneration = errors.New("unknown key generation")

// Rotate adds a new generation and makes it current.
func (k *Keyring) Rotate(newKey []byte) int {
	if k.Generations == nil {
		k.Generations = map[int][]byte{}
	}
	k.Current++
	k.Generations[k.Current] = newKey
	return k.Current
}

// KeyFor returns the key that encrypted data of the given generation.
func (k *Keyring) KeyFor(gen int) ([]byte, error) {
	key, ok := k.Generations[gen]
	if !ok {
		return nil, ErrUnknownGeneration
	}
	return key, nil
}
