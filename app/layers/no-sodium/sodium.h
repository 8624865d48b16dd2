/* This layer may not use libsodium: cryptography for accounts lives in app/service. */
#error "libsodium is reserved for app/service"
