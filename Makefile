# msm: PGXS build.  See sql/README.md for which scripts are released.
EXTENSION   = msm
# The one version string: msm.control's default_version.  The C library gets
# it as MSM_EXTENSION_VERSION (src/msm.h).
EXTVERSION := $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" $(EXTENSION).control)
MODULE_big  = msm
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# Released (frozen) install/upgrade scripts and the upgrade script of the
# release in progress.  There is no full script for a later version:
# CREATE EXTENSION runs the 0.1.0 script and the update chain.
DATA        = $(sort $(wildcard sql/released/$(EXTENSION)--*.sql)) \
              $(sort $(wildcard sql/next/$(EXTENSION)--*.sql))

# pg_regress suites: sql/<name>.sql against expected/<name>.out
REGRESS     = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OUTPUTDIR = test/.work/regress
REGRESS_OPTS = --inputdir=. --outputdir=$(REGRESS_OUTPUTDIR)

PG_CPPFLAGS = -Isrc -DMSM_EXTENSION_VERSION='"$(EXTVERSION)"' \
              -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare
SHLIB_LINK  = -lcurl -lcjson -lz

PG_CONFIG  ?= pg_config
PGXS       := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# pg_regress does not create its output directory.
installcheck: | $(REGRESS_OUTPUTDIR)
$(REGRESS_OUTPUTDIR):
	mkdir -p $@
