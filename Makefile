# msm: PGXS build
EXTENSION   = msm
EXTVERSION  = 0.1.0
MODULE_big  = msm
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# The install script is assembled from the ordered pieces in sql/install/.
INSTALL_PIECES = $(sort $(wildcard sql/install/*.sql))
DATA_built  = sql/$(EXTENSION)--$(EXTVERSION).sql

# pg_regress suites: sql/<name>.sql against expected/<name>.out
REGRESS     = $(sort $(basename $(notdir $(filter-out sql/$(EXTENSION)--%,$(wildcard sql/*.sql)))))
REGRESS_OPTS = --inputdir=. --outputdir=test/.work/regress

PG_CPPFLAGS = -Isrc -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare
SHLIB_LINK  = -lcurl -lcjson
EXTRA_CLEAN = sql/$(EXTENSION)--$(EXTVERSION).sql

PG_CONFIG  ?= pg_config
PGXS       := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

sql/$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_PIECES)
	cat $^ > $@
