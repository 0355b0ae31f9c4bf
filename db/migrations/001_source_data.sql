-- Source data as the data contract v1 defines it (docs: data-contract.md).
-- Column names follow the contract's CSV columns one to one.

CREATE TABLE addresses (
  address_id         char(16) PRIMARY KEY CHECK (address_id ~ '^[0-9]{16}$'),
  postcode           char(6) NOT NULL CHECK (postcode ~ '^[1-9][0-9]{3}[A-Z]{2}$'),
  house_number       integer NOT NULL CHECK (house_number BETWEEN 1 AND 99999),
  house_suffix       varchar(6),
  street             varchar(80) NOT NULL,
  district_code      char(8) NOT NULL CHECK (district_code ~ '^WK[0-9]{6}$'),
  neighbourhood_code char(10) NOT NULL CHECK (neighbourhood_code ~ '^BU[0-9]{8}$'),
  x_rd               double precision NOT NULL CHECK (x_rd BETWEEN 0 AND 300000),
  y_rd               double precision NOT NULL CHECK (y_rd BETWEEN 300000 AND 625000),
  building_year      integer NOT NULL CHECK (building_year >= 1000),
  floor_area_m2      integer NOT NULL CHECK (floor_area_m2 BETWEEN 10 AND 10000),
  dwelling_type      text NOT NULL CHECK (dwelling_type IN ('apartment', 'terraced', 'semi_detached', 'detached', 'other')),
  ownership          text NOT NULL CHECK (ownership IN ('owner_occupied', 'social_rent', 'private_rent', 'unknown')),
  owner_is_company   boolean NOT NULL,
  woz_value_eur      bigint CHECK (woz_value_eur >= 0)
);
CREATE INDEX addresses_neighbourhood ON addresses (neighbourhood_code);

-- A history file: an import replaces all periods of each address it carries.
CREATE TABLE occupancy (
  address_id         char(16) NOT NULL REFERENCES addresses,
  valid_from         date NOT NULL,
  valid_to           date CHECK (valid_to > valid_from),
  registered_persons integer NOT NULL CHECK (registered_persons BETWEEN 0 AND 50),
  PRIMARY KEY (address_id, valid_from)
);

CREATE TABLE energy (
  address_id      char(16) NOT NULL REFERENCES addresses,
  year            integer NOT NULL CHECK (year >= 2000),
  electricity_kwh double precision NOT NULL CHECK (electricity_kwh >= 0),
  gas_m3          double precision CHECK (gas_m3 >= 0),
  smart_meter     boolean NOT NULL,
  PRIMARY KEY (address_id, year)
);

CREATE TABLE reports (
  report_id   varchar(40) PRIMARY KEY,
  address_id  char(16) NOT NULL REFERENCES addresses,
  reported_on date NOT NULL,
  category    text NOT NULL CHECK (category IN ('odour', 'noise', 'humidity', 'suspicious_activity', 'anonymous_tip', 'grid_fraud_alert', 'other')),
  source      text NOT NULL CHECK (source IN ('municipality', 'police', 'housing_corporation', 'grid_operator', 'anonymous'))
);
CREATE INDEX reports_address ON reports (address_id, reported_on);

CREATE TABLE inspections (
  inspection_id varchar(40) PRIMARY KEY,
  address_id    char(16) NOT NULL REFERENCES addresses,
  inspected_on  date NOT NULL,
  reason        text NOT NULL CHECK (reason IN ('tip', 'police', 'risk_model', 'random', 'other')),
  outcome       text NOT NULL CHECK (outcome IN ('cultivation', 'preparation', 'nothing_found', 'no_access'))
);
CREATE INDEX inspections_address ON inspections (address_id, inspected_on);

-- A history file without a natural key: a registration may repeat at one address.
CREATE TABLE companies (
  address_id      char(16) NOT NULL REFERENCES addresses,
  registered_from date NOT NULL,
  registered_to   date CHECK (registered_to >= registered_from),
  sbi_code        varchar(5) NOT NULL CHECK (sbi_code ~ '^[0-9]{2,5}$')
);
CREATE INDEX companies_address ON companies (address_id);

-- One row per `hennep ingest`, also for runs that were refused (then nothing else of
-- the run is stored): who delivered what, when, and what happened to it.
CREATE TABLE import_runs (
  run_id      bigserial PRIMARY KEY,
  directory   text NOT NULL,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  status      text NOT NULL CHECK (status IN ('loaded', 'rejected')),
  report      jsonb NOT NULL
);

-- Every refused row of a loaded run, with where it stood and why.
CREATE TABLE quarantine (
  run_id      bigint NOT NULL REFERENCES import_runs ON DELETE CASCADE,
  file        text NOT NULL,
  line        bigint NOT NULL,
  column_name text,
  reason      text NOT NULL,
  raw         jsonb NOT NULL, -- the row as delivered: header name -> field text
  PRIMARY KEY (run_id, file, line)
);
