# SPDX-License-Identifier: GPL-2.0
#
# VMware guest support for KVM: the workbench for the patch series.
# "make help" lists the targets.  Every target is a thin layer over one
# script in scripts/.

# The series is written for MAINLINE; other bases (v6.12) carry a backport
# of it in patches/$(BASE)/.  Only the mainline series is rendered into the
# repository's folders.
MAINLINE	:= v7.3
BASE	?= $(MAINLINE)
CACHE	?= /var/cache/vmware-kvm
WORK	:= $(CACHE)/$(BASE)
# The kernel tree: Debian's linux-source for BASE by default, or your own.
KSRC	?= $(WORK)/linux
BASEREF	?= vmware-base
BUILD	?= $(WORK)/build$(if $(filter $(WORK)/linux,$(KSRC)),,-$(shell echo '$(KSRC)' | sha1sum | cut -c1-8))
PATCHES	:= patches/$(BASE)
# export and rendered-check: render the files the series adds (mainline
# only), and the patches' subject prefix ("PATCH 6.12" for a backport).
EXPORT_ENV	:= RENDER=$(if $(filter $(MAINLINE),$(BASE)),1,0) \
	SUBJECT_PREFIX="PATCH$(if $(filter $(MAINLINE),$(BASE)),, $(BASE:v%=%))"
S	:= $(CURDIR)/scripts
OUT	:= $(BUILD)/vm
KTEST	:= $(BUILD)/kselftest_install
BASEBUILD	:= $(BUILD)-base
DEBUGBUILD	:= $(BUILD)-debug
BASESRC	:= $(BASEBUILD)/src
# "make coccicheck COCCI_ALL=all" also checks the files the series changes.
COCCI_ALL	?=

# Seconds each test machine may run, and per selftest inside it.
AMD_SECS	?= 900
INTEL_SECS	?= 1500
REGRESS_SECS	?= 1500
DEBUG_SECS	?= 1200
TEST_SECS	?= 300
# Seconds for each end-to-end machine, and the guest boots emulated AMD
# makes: the hypercall form and the port form alone.  Emulated Intel boots
# once per form; "make test" runs the hypercall one (6 to 9 minutes).
E2E_SECS	?= 900
E2E_INTEL_SECS	?= 1500
E2E_FORMS	?= hypercall,port
# Extra kernel command line for the test machines.
APPEND	?=

# The selftests "make run" boots on each machine (kselftest names): the
# series' own, and upstream tests of the exits and hypercalls it touches.
VMWARE_TESTS	:= $(sort $(basename $(notdir $(wildcard tools-testing-selftests/kvm/x86/vmware_*.c))))
SMOKE	:= xen_vmcall_test userspace_io_test fix_hypercall_test
# The series' generic test of its emulator fix (patches 1 and 2).
SERIES_TESTS	:= emulated_load_set_regs_test
# emulated_load_set_regs_test's emulated IN needs the forced emulation
# prefix; none of the other tests on the lists looks at it.
VM_APPEND	:= kvm.force_emulation_prefix=1
TESTS_AMD	?= $(VMWARE_TESTS) $(SERIES_TESTS) $(SMOKE) svm_vmcall_test
TESTS_INTEL	?= $(VMWARE_TESTS) $(SERIES_TESTS) $(SMOKE) vmx_apic_access_test
TESTS	?=
amd_tests	= $(or $(TESTS),$(TESTS_AMD))
intel_tests	= $(or $(TESTS),$(TESTS_INTEL))
# vmware_fuzz_test runs its default 2000 steps from a fixed seed and from a
# random one in every pass; "make fuzz" runs it alone on emulated AMD for
# FUZZ_STEPS, from FUZZ_SEED only if given (a failure prints its seed).
FUZZ_STEPS	?= 200000
FUZZ_SEED	?=
# The -param passes boot again with the module parameter on.
PARAM	:= kvm.enable_vmware_backdoor=1
NAME	?=

BZIMAGE	:= $(BUILD)/arch/x86/boot/bzImage

.DEFAULT_GOAL := run
.PHONY: help run test deps base tree export apply kernel selftests vm-amd vm-intel \
	vm-amd-param vm-intel-param debug-kernel vm-debug regress-debug fuzz bisect \
	novmware-kernel vm-novmware \
	lint checkpatch sparse coccicheck htmldocs base-src regress regress-baseline rendered-check clean \
	distro-build bench \
	compare-bases \
	e2e e2e-build e2e-amd e2e-intel e2e-intel-hypercall e2e-intel-port \
	qemu-base qemu-tree qemu-export qemu-rendered-check qemu-checkpatch qemu-build \
	e2e-qemu e2e-qemu-build e2e-qemu-amd e2e-qemu-intel e2e-qemu-nocap

help:
	@echo 'Targets (BASE=$(BASE), KSRC=$(KSRC)):'
	@echo '  run        (default) build, boot emulated AMD and Intel, run the VMware selftests'
	@echo '  test       run plus every gate (GATES; fewer for a backport base); ends with'
	@echo '             "check: N passed, N failed, N skipped"'
	@echo '  deps       install the Debian packages the workbench needs'
	@echo '  base       fetch Debian linux-source-$(BASE:v%=%) into a git tree (tag vmware-base)'
	@echo '  tree       make branch vmware in KSRC: BASEREF plus one commit per patch (git am)'
	@echo '  export     write branch vmware back to $(PATCHES)/ and the rendered copies'
	@echo '  apply      apply the series to your tree: make apply KSRC=/path [BASEREF=rev]'
	@echo '  kernel     build the test kernel in $(BUILD)'
	@echo '  selftests  build and install the KVM selftests in $(KTEST)'
	@echo '  vm-amd     run TESTS="..." on emulated AMD (QEMU TCG, SVM)'
	@echo '  vm-intel   run TESTS="..." on emulated Intel (Bochs, VMX)'
	@echo '  vm-amd-param, vm-intel-param  the same, booted with $(PARAM)'
	@echo '  vm-debug   the AMD list on a KASAN/UBSAN/lockdep/kmemleak kernel; any report fails'
	@echo '  vm-novmware  the VMware tests on a CONFIG_KVM_VMWARE=n kernel: the capability test'
	@echo '             finds no VMware support, the others skip'
	@echo '  regress-debug  the upstream regression list on that kernel (long: on demand)'
	@echo '  e2e        e2e-amd and e2e-intel: the reference VMM boots Debian'"'"'s kernel and'
	@echo '             open-vm-tools as a VMware guest inside each emulated machine'
	@echo '  e2e-intel-hypercall, e2e-intel-port  one form each (the first in "make test")'
	@echo '  qemu-tree  $(QSRC), branch vmware: Debian'"'"'s qemu $(QEMU_VERSION) + $(QPATCHES)/'
	@echo '  qemu-export  write that branch back to $(QPATCHES)/'
	@echo '  qemu-checkpatch  QEMU'"'"'s scripts/checkpatch.pl on every QEMU patch'
	@echo '  qemu-rendered-check  $(QPATCHES)/ is what qemu-export writes'
	@echo '  qemu-build  build QEMU (x86_64, KVM) at the base and at every patch: $(QBIN)/'
	@echo '  e2e-qemu   e2e-qemu-amd, e2e-qemu-intel: QEMU with and without its series boots'
	@echo '             the e2e guest with KVM inside each emulated machine'
	@echo '  e2e-qemu-nocap  QEMU with its series on the CONFIG_KVM_VMWARE=n kernel'
	@echo '  fuzz       vmware_fuzz_test for FUZZ_STEPS on emulated AMD [FUZZ_SEED=n]'
	@echo '  bench      vmware_hypercall_perf_test on both machines, a table of its figures'
	@echo '             [BENCH_CALLS=n per sample, BENCH_ROUNDS=n]'
	@echo '  lint       checkpatch, sparse, coccicheck and htmldocs, each against the base:'
	@echo '  checkpatch   checkpatch --strict --codespell on every patch'
	@echo '  sparse       make C=2 arch/x86/kvm/: no warning the base does not have'
	@echo '  coccicheck   MODE=report on the .c files the series adds [COCCI_ALL=all: and changes]'
	@echo '  htmldocs     make htmldocs SPHINXDIRS=virt: no warning the base does not have'
	@echo '  bisect     every patch builds and links the KVM modules (modpost) with CONFIG_KVM_VMWARE=y and =n'
	@echo '  distro-build  the tip builds and links the KVM modules with Debian'"'"'s own config (linux-config-$(BASE:v%=%))'
	@echo '  regress    all upstream x86 KVM selftests on emulated AMD against the baseline'
	@echo '  regress-baseline  record that baseline from the bare base (BASEREF)'
	@echo '  rendered-check  the rendered copies and patches match what the series gives'
	@echo '  compare-bases  the VMware subtests gave the same results here and on OTHER=v6.12'
	@echo '  clean      remove $(BUILD)'
	@echo 'Variables: BASE (v7.3, v6.12) KSRC BASEREF CACHE GATES TESTS APPEND AMD_SECS INTEL_SECS'
	@echo '           TEST_SECS REGRESS_SECS DEBUG_SECS E2E_SECS E2E_INTEL_SECS E2E_FORMS FUZZ_STEPS FUZZ_SEED'
	@echo '           BENCH_CALLS BENCH_ROUNDS E2E_QEMU_SECS E2E_QEMU_FORMS E2E_QEMU_INTEL_FORMS'

deps:
	@$(S)/deps.sh

base: deps
ifeq ($(KSRC),$(WORK)/linux)
	@$(S)/fetch-base.sh $(BASE) $(KSRC)
else
	@$(S)/check-ksrc.sh $(KSRC) $(BASEREF)
endif

tree: base
	@$(S)/tree.sh $(KSRC) $(BASEREF) $(PATCHES)

export: base
	@$(EXPORT_ENV) $(S)/export.sh $(KSRC) $(BASEREF) $(PATCHES) $(CURDIR)

# Only a tree named on the command line: never the cached base.
apply:
	@$(S)/apply.sh "$(if $(filter command line,$(origin KSRC)),$(KSRC))" $(PATCHES)

kernel: tree
	@$(S)/build-kernel.sh $(KSRC) $(BUILD)

selftests: tree
	@$(S)/build-selftests.sh $(KSRC) $(BUILD)

vm-amd: kernel selftests
	@mkdir -p $(OUT)
	@$(S)/mkinitramfs.sh $(KTEST) $(OUT)/$(or $(NAME),amd).cpio.gz $(amd_tests)
	@$(S)/vm-amd.sh $(BZIMAGE) $(OUT)/$(or $(NAME),amd).cpio.gz $(OUT)/$(or $(NAME),amd).log \
		$(AMD_SECS) vmtest.timeout=$(TEST_SECS) $(VM_APPEND) $(APPEND)
	@$(S)/vm-result.sh vm-$(or $(NAME),amd) $(OUT)/$(or $(NAME),amd).log

vm-intel: kernel selftests
	@mkdir -p $(OUT)
	@$(S)/mkinitramfs.sh $(KTEST) $(OUT)/$(or $(NAME),intel).cpio.gz $(intel_tests)
	@$(S)/vm-intel.sh $(BZIMAGE) $(OUT)/$(or $(NAME),intel).cpio.gz $(OUT)/$(or $(NAME),intel).log \
		$(INTEL_SECS) vmtest.timeout=$(TEST_SECS) $(VM_APPEND) $(APPEND)
	@$(S)/vm-result.sh vm-$(or $(NAME),intel) $(OUT)/$(or $(NAME),intel).log

vm-amd-param vm-intel-param:
	@$(MAKE) --no-print-directory $(@:-param=) NAME=$(@:vm-%=%) \
		TESTS="$(or $(TESTS),$(VMWARE_TESTS))" APPEND="$(APPEND) $(PARAM)"

# The debug kernel, scripts/config/debug.config, in a build directory of its own.
debug-kernel: tree
	@$(S)/build-kernel.sh $(KSRC) $(DEBUGBUILD) $(S)/config/debug.config

vm-debug: debug-kernel selftests
	@mkdir -p $(OUT)
	@$(S)/mkinitramfs.sh $(KTEST) $(OUT)/debug.cpio.gz $(amd_tests)
	@$(S)/vm-amd.sh $(DEBUGBUILD)/arch/x86/boot/bzImage $(OUT)/debug.cpio.gz $(OUT)/debug.log \
		$(DEBUG_SECS) vmtest.timeout=$(TEST_SECS) $(VM_APPEND) $(APPEND)
	@$(S)/vm-result.sh vm-debug $(OUT)/debug.log

# The test kernel with CONFIG_KVM_VMWARE=n, in a build directory of its own
# that starts as a copy of the test kernel's objects, so that only what the
# option touches is built again.
NOVMWAREBUILD	:= $(BUILD)-novmware
novmware-kernel: kernel
	@[ -d $(NOVMWAREBUILD) ] || { mkdir -p $(NOVMWAREBUILD) && \
		tar -C $(BUILD) --exclude='./bisect*' --exclude='./kselftest*' \
			--exclude=./vm --exclude=./e2e -cf - . | tar -C $(NOVMWAREBUILD) -xf -; }
	@$(S)/build-kernel.sh $(KSRC) $(NOVMWAREBUILD) $(S)/config/novmware.config

# The VMware tests on it, booted with kvm.enable_vmware_backdoor=1 (which
# such a kernel does not have): vmware_cap_test checks that KVM offers and
# takes nothing, and every other VMware test skips.
vm-novmware: novmware-kernel selftests
	@mkdir -p $(OUT)
	@$(S)/mkinitramfs.sh $(KTEST) $(OUT)/novmware.cpio.gz $(VMWARE_TESTS)
	@$(S)/vm-amd.sh $(NOVMWAREBUILD)/arch/x86/boot/bzImage $(OUT)/novmware.cpio.gz \
		$(OUT)/novmware.log $(AMD_SECS) vmtest.timeout=$(TEST_SECS) $(VM_APPEND) $(APPEND) $(PARAM)
	@$(S)/vm-result.sh vm-novmware $(OUT)/novmware.log
	@$(S)/novmware-check.sh $(NOVMWAREBUILD)/.config $(OUT)/novmware.log

regress-debug: debug-kernel selftests
	@$(S)/regress.sh $(KTEST) $(DEBUGBUILD)/arch/x86/boot/bzImage $(DEBUGBUILD)/vm \
		$(S)/regress/$(BASE).amd $(REGRESS_SECS)

fuzz:
	@$(MAKE) --no-print-directory vm-amd NAME=fuzz TESTS=vmware_fuzz_test TEST_SECS=$(AMD_SECS) \
		APPEND="$(APPEND) VMWARE_FUZZ_STEPS=$(FUZZ_STEPS) $(if $(FUZZ_SEED),VMWARE_FUZZ_SEED=$(FUZZ_SEED))"

# The end-to-end test: scripts/vmware-vmm/ and Debian's guest, run as a
# kselftest of its own in each emulated machine.
E2E	:= $(BUILD)/e2e

e2e: e2e-amd e2e-intel

e2e-build: kernel selftests
	@$(S)/e2e/build.sh $(KTEST) $(BUILD)/usr/include $(CACHE)/e2e $(E2E)

e2e-amd: e2e-build
	@$(S)/mkinitramfs.sh -a $(E2E)/files $(E2E)/install $(E2E)/amd.cpio.gz vmware_e2e.sh
	@$(S)/vm-amd.sh $(BZIMAGE) $(E2E)/amd.cpio.gz $(E2E)/amd.log \
		$(E2E_SECS) vmtest.timeout=$(E2E_SECS) vmtest.e2e=$(E2E_FORMS) $(APPEND)
	@$(S)/vm-result.sh $@ $(E2E)/amd.log

# Bochs boots once per form: there, a second guest boot in the same machine
# hung (twice, not understood yet), and each takes minutes.
e2e-intel: e2e-intel-hypercall e2e-intel-port

e2e-intel-hypercall e2e-intel-port: e2e-build
	@$(S)/mkinitramfs.sh -a $(E2E)/files $(E2E)/install $(E2E)/intel.cpio.gz vmware_e2e.sh
	@$(S)/vm-intel.sh $(BZIMAGE) $(E2E)/intel.cpio.gz $(E2E)/$(@:e2e-%=%).log \
		$(E2E_INTEL_SECS) vmtest.timeout=$(E2E_INTEL_SECS) vmtest.e2e=$(@:e2e-intel-%=%) $(APPEND)
	@$(S)/vm-result.sh $@ $(E2E)/$(@:e2e-%=%).log

# The QEMU series (patches/qemu-$(QEMU_MAJOR)/): Debian's qemu source, whose
# 11.1 package has no source on the mirror, so sid's 10.2; meson from trixie.
QEMU_MAJOR	:= 10.2
QEMU_VERSION	:= 1:10.2.2+ds-1
QEMU_SUITE	:= sid
MESON_SUITE	:= trixie
QWORK	:= $(CACHE)/qemu
QSRC	:= $(QWORK)/qemu
QPATCHES	:= patches/qemu-$(QEMU_MAJOR)
QBIN	:= $(QWORK)/bin
E2E_QEMU	:= $(BUILD)/e2e-qemu
E2E_QEMU_SECS	?= 1500
E2E_QEMU_FORMS	?= hypercall,port,unpatched,refused
# Emulated Intel leaves out the base QEMU's boot, which the AMD leg makes
# (E2E_QEMU_INTEL_FORMS=hypercall,port,unpatched,refused adds it).
E2E_QEMU_INTEL_FORMS	?= hypercall,port,refused

qemu-base: deps
	@$(S)/qemu/fetch.sh $(QSRC) $(QWORK)/apt $(QEMU_SUITE) $(QEMU_VERSION) $(MESON_SUITE)

qemu-tree: qemu-base
	@$(S)/tree.sh $(QSRC) qemu-base $(QPATCHES)

qemu-export: qemu-base
	@RENDER=0 $(S)/export.sh $(QSRC) qemu-base $(QPATCHES) $(CURDIR)

qemu-rendered-check: qemu-tree
	@RENDER=0 $(S)/rendered-check.sh $(QSRC) qemu-base $(QPATCHES) $(CURDIR)

qemu-checkpatch: qemu-tree
	@$(S)/qemu/lint.sh $(QSRC) $(QPATCHES)

qemu-build: qemu-tree
	@$(S)/qemu/build.sh $(QSRC) qemu-base $(QWORK)/work $(QWORK)/apt/meson $(QBIN)

e2e-qemu: e2e-qemu-amd e2e-qemu-intel

e2e-qemu-build: kernel selftests qemu-build
	@$(S)/e2e/build-qemu.sh $(KTEST) $(CACHE)/e2e $(QBIN) $(E2E_QEMU)

e2e-qemu-amd e2e-qemu-intel: e2e-qemu-build
	@$(S)/mkinitramfs.sh -a $(E2E_QEMU)/files $(E2E_QEMU)/install \
		$(E2E_QEMU)/$(@:e2e-qemu-%=%).cpio.gz vmware_e2e_qemu.sh
	@$(S)/vm-$(@:e2e-qemu-%=%).sh $(BZIMAGE) $(E2E_QEMU)/$(@:e2e-qemu-%=%).cpio.gz \
		$(E2E_QEMU)/$(@:e2e-qemu-%=%).log $(E2E_QEMU_SECS) vmtest.timeout=$(E2E_QEMU_SECS) \
		kvm.enable_vmware_backdoor=0 \
		vmtest.e2e=$(if $(filter %-intel,$@),$(E2E_QEMU_INTEL_FORMS),$(E2E_QEMU_FORMS)) $(APPEND)
	@$(S)/vm-result.sh $@ $(E2E_QEMU)/$(@:e2e-qemu-%=%).log

# The same QEMU on the CONFIG_KVM_VMWARE=n kernel: no capability.
e2e-qemu-nocap: novmware-kernel e2e-qemu-build
	@$(S)/mkinitramfs.sh -a $(E2E_QEMU)/files $(E2E_QEMU)/install \
		$(E2E_QEMU)/amd.cpio.gz vmware_e2e_qemu.sh
	@$(S)/vm-amd.sh $(NOVMWAREBUILD)/arch/x86/boot/bzImage $(E2E_QEMU)/amd.cpio.gz \
		$(E2E_QEMU)/nocap.log $(E2E_QEMU_SECS) vmtest.timeout=$(E2E_QEMU_SECS) \
		vmtest.e2e=nocap $(APPEND)
	@$(S)/vm-result.sh $@ $(E2E_QEMU)/nocap.log

run: kernel selftests
	@$(S)/run.sh $(MAKE) vm-amd vm-amd-param vm-intel vm-intel-param

# The round-trip benchmark alone on both machines, with more samples than
# the selftest lists give it, then its figures as a table per machine.  It
# fails on a wrong answer (the test fails), never on a rate.
BENCH_CALLS	?= 2000
BENCH_ROUNDS	?= 12
BENCH_ENV	:= VMWARE_PERF_CALLS=$(BENCH_CALLS) VMWARE_PERF_ROUNDS=$(BENCH_ROUNDS)
bench: kernel selftests
	@rc=0; \
	for m in amd intel; do \
		rm -f $(OUT)/bench-$$m.log.ktap; \
		$(MAKE) --no-print-directory vm-$$m NAME=bench-$$m \
			TESTS=vmware_hypercall_perf_test APPEND="$(APPEND) $(BENCH_ENV)" || rc=1; \
	done; \
	$(S)/bench-table.sh "emulated AMD" $(OUT)/bench-amd.log.ktap \
		"emulated Intel" $(OUT)/bench-intel.log.ktap || rc=1; \
	exit $$rc

lint: checkpatch sparse coccicheck htmldocs

checkpatch: base
	@$(S)/lint.sh $(KSRC) $(PATCHES)

# The bare base, checked out next to the series, for the gates that compare.
base-src: base
	@$(S)/worktree.sh $(KSRC) $(BASEREF) $(BASESRC)

sparse: kernel base-src
	@$(S)/sparse.sh $(KSRC) $(BUILD) $(BASESRC) $(BASEBUILD) "$$($(S)/build-sparse.sh $(CACHE))"

coccicheck: tree base-src
	@$(S)/coccicheck.sh $(KSRC) $(BUILD) $(BASEREF) $(BASESRC) $(BASEBUILD) $(COCCI_ALL)

htmldocs: tree base-src
	@$(S)/htmldocs.sh $(KSRC) $(BUILD)-docs $(BASESRC) $(BASEBUILD)-docs

bisect: tree
	@$(S)/bisect.sh $(KSRC) $(BASEREF) $(BUILD)

# What distributions build: Debian's config, KVM as modules, modpost
# against Debian's Module.symvers.
distro-build: tree
	@$(S)/distro-build.sh $(KSRC) $(BUILD)-distro $(BASE) $(WORK)/apt

regress: kernel selftests
	@$(S)/regress.sh $(KTEST) $(BZIMAGE) $(OUT) $(S)/regress/$(BASE).amd $(REGRESS_SECS)

# The baseline comes from the bare base, built in a worktree of its own.
regress-baseline: base
	@$(S)/worktree.sh $(KSRC) $(BASEREF) $(BASESRC)
	@$(S)/build-kernel.sh $(BASESRC) $(BASEBUILD)
	@$(S)/build-selftests.sh $(BASESRC) $(BASEBUILD)
	@$(S)/regress.sh $(BASEBUILD)/kselftest_install $(BASEBUILD)/arch/x86/boot/bzImage \
		$(BASEBUILD)/vm $(S)/regress/$(BASE).amd $(REGRESS_SECS) record

# The VMware selftests' subtests on this base and on OTHER (its last vm-amd
# and vm-intel logs each): the same names and results, or a diff.
OTHER	?= v6.12
compare-bases:
	@$(S)/compare-bases.sh $(OUT) $(CACHE)/$(OTHER)/build/vm

rendered-check: tree
	@$(EXPORT_ENV) $(S)/rendered-check.sh $(KSRC) $(BASEREF) $(PATCHES) $(CURDIR)

# "make test" runs every gate on mainline.  A backport is held to what
# judges a backport: its patches, every patch's build, the VMware selftests
# on both machines and the upstream selftests against its own baseline; the
# rest tests code it shares with mainline, and CI runs both bases.
GATES_MAINLINE	:= rendered-check checkpatch sparse coccicheck htmldocs bisect distro-build \
	vm-amd vm-amd-param vm-intel vm-intel-param vm-novmware e2e-amd e2e-intel-hypercall \
	vm-debug regress qemu-rendered-check qemu-checkpatch qemu-build e2e-qemu-amd e2e-qemu-intel \
	e2e-qemu-nocap
GATES_BACKPORT	:= rendered-check checkpatch bisect distro-build vm-amd vm-intel vm-novmware regress
GATES	?= $(if $(filter $(MAINLINE),$(BASE)),$(GATES_MAINLINE),$(GATES_BACKPORT))

test: kernel selftests
	@$(S)/run.sh $(MAKE) $(GATES)

clean:
	rm -rf $(BUILD) $(NOVMWAREBUILD)
