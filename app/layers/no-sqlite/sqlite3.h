/* This layer may not use SQLite: only the store layer owns the database. */
#error "SQLite is reserved for app/store; go through the store interface or the service API"
