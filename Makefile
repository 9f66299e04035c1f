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
TESTS_AMD_BOCHS	?= $(VMWARE_TESTS) $(SERIES_TESTS)
TESTS	?=
amd_tests	= $(or $(TESTS),$(TESTS_AMD))
intel_tests	= $(or $(TESTS),$(TESTS_INTEL))
# vmware_fuzz_test runs its default 2000 steps from a fixed seed and from a
# random one in every pass; "make fuzz" runs it alone on emulated AMD for
# FUZZ_STEPS, from FUZZ_SEED only if given (a failure prints its seed).
FUZZ_STEPS	?= 200000
FUZZ_SEED	?=
# The skips a machine may report, with why; any other fails its run.
SKIPS	:= $(S)/vm/expected-skips
DEFECTS	:= $(S)/vm/emulator-defects
# The -param passes boot again with the module parameter on.
PARAM	:= kvm.enable_vmware_backdoor=1
NAME	?=

BZIMAGE	:= $(BUILD)/arch/x86/boot/bzImage

# Prerequisites that this "make test" has built already: scripts/check/gates.sh
# names them in DONE, so that no gate builds them again.
DONE	?=
need	= $(filter-out $(DONE),$(1))

# The one boot recipe: an initramfs, a machine, its result.
# $(call boot,<amd|intel>,<bzImage>,<kselftest install>,<log without .log>,
#             <seconds>,<tests>,<cmdline>,<result name>[,<extra root dir>
#             [,<expected skips>]])
define boot
	@mkdir -p $(dir $(4))
	@$(S)/vm/mkinitramfs.sh $(if $(9),-a $(9)) -m $(2:%/arch/x86/boot/bzImage=%/modroot) \
		$(3) $(4).cpio.gz $(6)
	@$(S)/vm/vm-$(1).sh $(2) $(4).cpio.gz $(4).log $(5) $(7)
	@$(S)/vm/vm-result.sh $(8) $(4).log $(10)
endef

.DEFAULT_GOAL := run
.PHONY: help run test deps base tree export fixes apply kernel selftests vm-amd vm-intel \
	vm-amd-param vm-intel-param vm-amd-bochs debug-kernel vm-debug regress-debug fuzz mutants patchcheck patchcheck-kernel \
	novmware-kernel vm-novmware test-full sparse-baseline htmldocs-baseline range-diff backport-diff \
	lint checkpatch sparse coccicheck htmldocs regress regress-touched regress-intel regress-baseline rendered-check clean \
	distro-build bench hw-test hw-test-amd sign sign-test \
	compare-bases \
	e2e e2e-build e2e-amd e2e-intel e2e-intel-hypercall e2e-intel-port \
	qemu-base qemu-tree qemu-export qemu-rendered-check qemu-checkpatch qemu-build qemu-patchcheck \
	e2e-qemu e2e-qemu-build e2e-qemu-amd e2e-qemu-intel e2e-qemu-novmware e2e-qemu-nocap \
	e2e-qemu-param mutants-qemu

help:
	@echo 'Targets (BASE=$(BASE), KSRC=$(KSRC)):'
	@echo '  run        (default) build, boot emulated AMD and Intel, run the VMware selftests'
	@echo '  test       run plus the gates that fit CI (GATES; fewer for a backport base),'
	@echo '             each timed; ends with "check: N passed, N failed, N skipped"'
	@echo '  test-full  test plus the slow gates (GATES_FULL: patchcheck, every upstream'
	@echo '             selftest (regress), the Intel e2e legs, the debug kernel): before'
	@echo '             resolving an issue that changes the series'
	@echo '  deps       install the Debian packages the workbench needs'
	@echo '  base       fetch Debian linux-source-$(BASE:v%=%) into a git tree (tag vmware-base)'
	@echo '  tree       make branch vmware in KSRC: BASEREF plus one commit per patch (git am)'
	@echo '  export     write branch vmware back to $(PATCHES)/ and the rendered copies'
	@echo '  fixes      write the first $(FIXES) patches (the emulator fix) as a series of'
	@echo '             their own for kvm/fixes into $(PATCHES)-fixes/'
	@echo '  apply      apply the series to your tree: make apply KSRC=/path [BASEREF=rev]'
	@echo '  kernel     build the test kernel in $(BUILD)'
	@echo '  selftests  build and install the KVM selftests in $(KTEST)'
	@echo '  vm-amd     run TESTS="..." on emulated AMD (QEMU TCG, SVM)'
	@echo '  vm-intel   run TESTS="..." on emulated Intel (Bochs, VMX)'
	@echo '  vm-amd-param, vm-intel-param  the same, booted with $(PARAM)'
	@echo '  vm-amd-bochs  the VMware selftests on Bochs'"'"' AMD zambezi, which has NRIPS; its SVM defects'
	@echo '             (scripts/vm/emulator-defects) shown first, the cases they break left out'
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
	@echo '  qemu-build  build QEMU (x86_64, KVM) at the base and the tip: $(QBIN)/'
	@echo '  qemu-patchcheck  the same at every patch in turn'
	@echo '  e2e-qemu   e2e-qemu-amd, e2e-qemu-intel: QEMU with and without its series boots'
	@echo '             the e2e guest with KVM inside each emulated machine'
	@echo '  e2e-qemu-novmware  QEMU with its series on the CONFIG_KVM_VMWARE=n kernel (alias: e2e-qemu-nocap)'
	@echo '  e2e-qemu-param  a default start with kvm.enable_vmware_backdoor=1: the host'"'"'s backdoor stays'
	@echo '  fuzz       vmware_fuzz_test for FUZZ_STEPS on emulated AMD [FUZZ_SEED=n]'
	@echo '  mutants    plant each defect of scripts/mutants/$$BASE/, build, run its'
	@echo '             tests on its machine; a table of killed and surviving mutants'
	@echo '  mutants-qemu  the same for the QEMU series (scripts/mutants/qemu-10.2/): each'
	@echo '             defect must fail the e2e checks it names'
	@echo '  bench      vmware_hypercall_perf_test on the three machines (AMD, Intel, AMD with NRIPS), a table'
	@echo '             [BENCH_CALLS=n per sample, BENCH_ROUNDS=n]'
	@echo '  hw-test    on a host with VMX or SVM and the series: the series'"'"' tests, the'
	@echo '             upstream KVM selftests [HW_TESTS=all|none|names], the e2e guest if'
	@echo '             laid out (see the script), the benchmark; one report to mail back'
	@echo '             (refuses without KVM)'
	@echo '  hw-test-amd  the same kit inside emulated AMD [HW_UPSTREAM=names]'
	@echo '  lint       checkpatch, sparse, coccicheck and htmldocs, each against the base:'
	@echo '  checkpatch   checkpatch --strict --codespell on every patch'
	@echo '  sparse       make C=2 arch/x86/kvm/: no warning the base does not have'
	@echo '  coccicheck   MODE=report on the .c files the series adds [COCCI_ALL=all: and changes]'
	@echo '  htmldocs     make htmldocs SPHINXDIRS=virt: no warning the base does not have'
	@echo '  patchcheck-kernel  every patch builds the test kernel'"'"'s vmlinux.o and KVM'
	@echo '             modules (modpost), KSRC checked out in turn and given back as found'
	@echo '  patchcheck every patch builds and links the KVM modules (modpost) with Debian'"'"'s'
	@echo '             config, CONFIG_KVM_VMWARE=y and =n; the selftests where a patch touches'
	@echo '             them or a uAPI header'
	@echo '  distro-build  the tip builds and links the KVM modules with Debian'"'"'s own config (linux-config-$(BASE:v%=%))'
	@echo '  sparse-baseline, htmldocs-baseline  record the bare base'"'"'s findings in scripts/check/baselines/'
	@echo '  sign       the series signed by the sender (git config user.name, user.email)'
	@echo '             into $(SIGNED)/, checkpatch on the copies; refuses no person'"'"'s identity'
	@echo '  sign-test  make sign'"'"'s own test (a test identity, a scratch directory)'
	@echo '  range-diff git range-diff of the series against OLD= (a commit of this repository)'
	@echo '  backport-diff  git range-diff of the 6.12 backport against mainline'
	@echo '  regress    all upstream x86 KVM selftests on emulated AMD against the baseline'
	@echo '  regress-touched  the same for the upstream tests of what the series changes'
	@echo '  regress-intel  the nested VMX tests and others of what the series changes'
	@echo '             on emulated Intel, against a baseline of their own'
	@echo '  regress-baseline  record both baselines from the bare base (BASEREF) in scripts/check/baselines/'
	@echo '  rendered-check  the rendered copies and patches match what the series gives'
	@echo '  compare-bases  the VMware subtests gave the same results here and on OTHER=v6.12'
	@echo '  clean      remove $(BUILD) and the build directories beside it'
	@echo 'Variables: BASE (v7.3, v6.12) KSRC BASEREF CACHE GATES TESTS APPEND AMD_SECS INTEL_SECS'
	@echo '           TEST_SECS REGRESS_SECS DEBUG_SECS E2E_SECS E2E_INTEL_SECS E2E_FORMS FUZZ_STEPS FUZZ_SEED'
	@echo '           BENCH_CALLS BENCH_ROUNDS E2E_QEMU_SECS E2E_QEMU_FORMS E2E_QEMU_INTEL_FORMS'

deps:
	@$(S)/apt/deps.sh

base: deps
ifeq ($(KSRC),$(WORK)/linux)
	@$(S)/series/fetch-base.sh $(BASE) $(KSRC)
else
	@$(S)/series/check-ksrc.sh $(KSRC) $(BASEREF)
endif

tree: base
	@$(S)/series/tree.sh $(KSRC) $(BASEREF) $(PATCHES)

export: base
	@$(EXPORT_ENV) $(S)/series/export.sh $(KSRC) $(BASEREF) $(PATCHES) $(CURDIR)

# The emulator fix that leads the series, as the series of its own that goes
# to kvm/fixes (its cover letter: $(PATCHES)-fixes.cover).
FIXES	:= 2
fixes: $(call need,tree)
	@TIP=$$(git -C $(KSRC) rev-list --reverse $(BASEREF)..vmware | sed -n $(FIXES)p) \
		$(S)/series/export.sh $(KSRC) $(BASEREF) $(PATCHES)-fixes $(CURDIR)

# Only a tree named on the command line: never the cached base.
apply:
	@$(S)/series/apply.sh "$(if $(filter command line,$(origin KSRC)),$(KSRC))" $(PATCHES)

kernel: $(call need,tree)
	@$(S)/build/build-kernel.sh $(KSRC) $(BUILD)

selftests: $(call need,tree)
	@$(S)/build/build-selftests.sh $(KSRC) $(BUILD)

vm-amd: $(call need,kernel selftests)
	$(call boot,amd,$(BZIMAGE),$(KTEST),$(OUT)/$(or $(NAME),amd),$(AMD_SECS),$(amd_tests),\
		vmtest.timeout=$(TEST_SECS) $(VM_APPEND) $(APPEND),vm-$(or $(NAME),amd),,$(SKIPS))

vm-intel: $(call need,kernel selftests)
	$(call boot,intel,$(BZIMAGE),$(KTEST),$(OUT)/$(or $(NAME),intel),$(INTEL_SECS),$(intel_tests),\
		vmtest.timeout=$(TEST_SECS) $(VM_APPEND) $(APPEND),vm-$(or $(NAME),intel),,$(SKIPS))

# The second AMD machine: Bochs' zambezi, which reports NRIPS (issue 27).
# Bochs' SVM has defects of its own (scripts/vm/emulator-defects): the run
# shows them with svm_state_check first, leaves out the cases they break,
# and fails if the list and what the CPU shows disagree.
BOCHS_AMD	= $(or $(NAME),amd-bochs)
vm-amd-bochs: $(call need,kernel selftests)
	@$(S)/vm/build-svm-check.sh $(KSRC) $(BUILD) >/dev/null
	@rm -rf $(OUT)/$(BOCHS_AMD).root
	@$(S)/vm/defects-layout.sh $(BOCHS_AMD) $(DEFECTS) $(BUILD)/svm-check/svm_state_check \
		$(OUT)/$(BOCHS_AMD).root
	$(call boot,amd-bochs,$(BZIMAGE),$(KTEST),$(OUT)/$(BOCHS_AMD),$(INTEL_SECS),\
		$(filter-out $(shell $(S)/vm/defects-for.sh $(BOCHS_AMD) $(DEFECTS) | \
			awk -F'\t' '$$2 !~ /:/ && $$2 != "-" { print $$2 }'),\
			$(or $(TESTS),$(TESTS_AMD_BOCHS))),\
		vmtest.timeout=$(TEST_SECS) $(VM_APPEND) $(APPEND),vm-$(BOCHS_AMD),\
		$(OUT)/$(BOCHS_AMD).root,$(SKIPS))
	@$(S)/vm/defects-check.sh $(BOCHS_AMD) $(DEFECTS) $(OUT)/$(BOCHS_AMD).log

vm-amd-param vm-intel-param:
	@$(MAKE) --no-print-directory $(@:-param=) NAME=$(@:vm-%=%) \
		TESTS="$(or $(TESTS),$(VMWARE_TESTS))" APPEND="$(APPEND) $(PARAM)"

# The debug kernel, scripts/config/debug.config, in a build directory of its own.
debug-kernel: $(call need,tree)
	@$(S)/build/build-kernel.sh $(KSRC) $(DEBUGBUILD) $(S)/build/config/debug.config

vm-debug: $(call need,debug-kernel selftests)
	$(call boot,amd,$(DEBUGBUILD)/arch/x86/boot/bzImage,$(KTEST),$(OUT)/debug,$(DEBUG_SECS),\
		$(amd_tests),vmtest.timeout=$(TEST_SECS) $(VM_APPEND) $(APPEND),vm-debug,,$(SKIPS))

# The test kernel with CONFIG_KVM_VMWARE=n, in a build directory of its own
# that starts as a copy of the test kernel's objects, so that only what the
# option touches is built again.
NOVMWAREBUILD	:= $(BUILD)-novmware
novmware-kernel: $(call need,kernel)
	@[ -d $(NOVMWAREBUILD) ] || { mkdir -p $(NOVMWAREBUILD) && \
		tar -C $(BUILD) --exclude='./kselftest*' \
			--exclude=./vm --exclude='./e2e*' -cf - . | tar -C $(NOVMWAREBUILD) -xf -; }
	@$(S)/build/build-kernel.sh $(KSRC) $(NOVMWAREBUILD) $(S)/build/config/novmware.config

# The VMware tests on it, booted with kvm.enable_vmware_backdoor=1 (which
# such a kernel does not have): vmware_cap_test checks that KVM offers and
# takes nothing, and every other VMware test skips.
vm-novmware: $(call need,novmware-kernel selftests)
	$(call boot,amd,$(NOVMWAREBUILD)/arch/x86/boot/bzImage,$(KTEST),$(OUT)/novmware,$(AMD_SECS),\
		$(VMWARE_TESTS),vmtest.timeout=$(TEST_SECS) $(VM_APPEND) $(APPEND) $(PARAM) \
		VMWARE_CAP_TEST_EXPECT_NONE=1,vm-novmware)
	@$(S)/check/novmware-check.sh $(NOVMWAREBUILD)/.config $(OUT)/novmware.log

regress-debug: $(call need,debug-kernel selftests)
	@$(S)/check/regress.sh amd $(KTEST) $(DEBUGBUILD)/arch/x86/boot/bzImage $(DEBUGBUILD)/vm \
		$(BASELINES)/$(BASE).regress $(REGRESS_SECS)

# Mutation testing, on demand: each defect of scripts/mutants/<base>/ planted
# in turn, built, and run on its machine; fails if one survives.
mutants: $(call need,tree kernel selftests)
	@mkdir -p $(OUT)
	@$(S)/mutants/run.sh $(KSRC) $(BUILD) $(OUT) $(S)/mutants/$(BASE)

# The same for the QEMU series, on its end-to-end boots.
mutants-qemu: $(call need,tree kernel selftests qemu-build e2e-qemu-build novmware-kernel)
	@mkdir -p $(OUT)
	@$(S)/mutants/qemu-run.sh $(QWORK)/work $(QWORK)/apt/meson $(QBIN) $(OUT) $(S)/mutants/qemu-$(QEMU_MAJOR)

# The issue tracker's name for the e2e run on the kernel without the capability.
e2e-qemu-nocap: e2e-qemu-novmware

fuzz:
	@$(MAKE) --no-print-directory vm-amd NAME=fuzz TESTS=vmware_fuzz_test TEST_SECS=$(AMD_SECS) \
		APPEND="$(APPEND) VMWARE_FUZZ_STEPS=$(FUZZ_STEPS) $(if $(FUZZ_SEED),VMWARE_FUZZ_SEED=$(FUZZ_SEED))"

# The end-to-end test: scripts/vmware-vmm/ and Debian's guest, run as a
# kselftest of its own in each emulated machine.
E2E	:= $(BUILD)/e2e

e2e: e2e-amd e2e-intel

e2e-build: $(call need,kernel selftests)
	@$(S)/e2e/build.sh $(KTEST) $(BUILD)/usr/include $(CACHE)/e2e $(E2E)

e2e-amd: $(call need,e2e-build)
	$(call boot,amd,$(BZIMAGE),$(E2E)/install,$(E2E)/amd,$(E2E_SECS),vmware_e2e.sh,\
		vmtest.timeout=$(E2E_SECS) vmtest.e2e=$(E2E_FORMS) $(APPEND),$@,$(E2E)/files)

# Bochs boots once per form: there, a second guest boot in the same machine
# hung (twice, not understood yet), and each takes minutes.
e2e-intel: e2e-intel-hypercall e2e-intel-port

e2e-intel-hypercall e2e-intel-port: $(call need,e2e-build)
	$(call boot,intel,$(BZIMAGE),$(E2E)/install,$(E2E)/$(@:e2e-%=%),$(E2E_INTEL_SECS),\
		vmware_e2e.sh,vmtest.timeout=$(E2E_INTEL_SECS) vmtest.e2e=$(@:e2e-intel-%=%) $(APPEND),\
		$@,$(E2E)/files)

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
E2E_QEMU_FORMS	?= hypercall,port,default,hyperv,migrate,unpatched,refused
# Emulated Intel, slower, leaves out the boots that do not depend on the
# vendor, which the AMD leg makes (E2E_QEMU_INTEL_FORMS= adds them).
E2E_QEMU_INTEL_FORMS	?= hypercall,port,refused

qemu-base: $(call need,deps)
	@$(S)/qemu/fetch.sh $(QSRC) $(QWORK)/apt $(QEMU_SUITE) $(QEMU_VERSION) $(MESON_SUITE)

qemu-tree: $(call need,qemu-base)
	@$(S)/series/tree.sh $(QSRC) qemu-base $(QPATCHES)

# Marked RFC: a downstream patch set, not for qemu-devel (its cover letter
# says why).
QEMU_EXPORT_ENV	:= RENDER=0 SUBJECT_PREFIX="RFC PATCH"
qemu-export: $(call need,qemu-base)
	@$(QEMU_EXPORT_ENV) $(S)/series/export.sh $(QSRC) qemu-base $(QPATCHES) $(CURDIR)

qemu-rendered-check: $(call need,qemu-tree)
	@$(QEMU_EXPORT_ENV) $(S)/series/rendered-check.sh $(QSRC) qemu-base $(QPATCHES) $(CURDIR)

qemu-checkpatch: $(call need,qemu-tree)
	@$(S)/qemu/checkpatch.sh $(QSRC) $(QPATCHES)

qemu-build: $(call need,qemu-tree)
	@$(S)/qemu/build.sh $(QSRC) qemu-base $(QWORK)/work $(QWORK)/apt/meson $(QBIN) tip

qemu-patchcheck: $(call need,qemu-tree)
	@$(S)/qemu/build.sh $(QSRC) qemu-base $(QWORK)/work $(QWORK)/apt/meson $(QBIN) every

e2e-qemu: e2e-qemu-amd e2e-qemu-intel

e2e-qemu-build: $(call need,kernel selftests qemu-build)
	@$(S)/e2e/build-qemu.sh $(KTEST) $(CACHE)/e2e $(QBIN) $(E2E_QEMU)

e2e-qemu-amd e2e-qemu-intel: $(call need,e2e-qemu-build)
	$(call boot,$(@:e2e-qemu-%=%),$(BZIMAGE),$(E2E_QEMU)/install,$(E2E_QEMU)/$(@:e2e-qemu-%=%),\
		$(E2E_QEMU_SECS),vmware_e2e_qemu.sh,vmtest.timeout=$(E2E_QEMU_SECS) \
		kvm.enable_vmware_backdoor=0 \
		vmtest.e2e=$(if $(filter %-intel,$@),$(E2E_QEMU_INTEL_FORMS),$(E2E_QEMU_FORMS)) $(APPEND),\
		$@,$(E2E_QEMU)/files)

# A default start on a host booted with kvm.enable_vmware_backdoor=1: QEMU
# never touches the capability, so the host's backdoor stays.
e2e-qemu-param: $(call need,e2e-qemu-build)
	$(call boot,amd,$(BZIMAGE),$(E2E_QEMU)/install,$(E2E_QEMU)/param,\
		$(E2E_QEMU_SECS),vmware_e2e_qemu.sh,vmtest.timeout=$(E2E_QEMU_SECS) \
		kvm.enable_vmware_backdoor=1 vmtest.e2e=default $(APPEND),\
		$@,$(E2E_QEMU)/files)

# The same QEMU on the CONFIG_KVM_VMWARE=n kernel: no capability.
e2e-qemu-novmware: $(call need,novmware-kernel e2e-qemu-build)
	$(call boot,amd,$(NOVMWAREBUILD)/arch/x86/boot/bzImage,$(E2E_QEMU)/install,$(E2E_QEMU)/nocap,\
		$(E2E_QEMU_SECS),vmware_e2e_qemu.sh,vmtest.timeout=$(E2E_QEMU_SECS) vmtest.e2e=nocap $(APPEND),\
		$@,$(E2E_QEMU)/files)

run: $(call need,kernel selftests)
	@DONE="$(DONE) deps base tree kernel selftests" $(S)/check/gates.sh $(MAKE) -- \
		vm-amd vm-amd-param vm-intel vm-intel-param

# The round-trip benchmark alone on the three machines, with more samples than
# the selftest lists give it, then its figures as a table per machine.  It
# fails on a wrong answer (the test fails), never on a rate.
BENCH_CALLS	?= 2000
BENCH_ROUNDS	?= 12
BENCH_ENV	:= VMWARE_PERF_CALLS=$(BENCH_CALLS) VMWARE_PERF_ROUNDS=$(BENCH_ROUNDS)
bench: $(call need,kernel selftests)
	@rc=0; \
	for m in amd intel amd-bochs; do \
		rm -f $(OUT)/bench-$$m.log.ktap; \
		$(MAKE) --no-print-directory vm-$$m NAME=bench-$$m DONE="$(DONE) kernel selftests" \
			TESTS=vmware_hypercall_perf_test APPEND="$(APPEND) $(BENCH_ENV)" || rc=1; \
	done; \
	$(S)/check/bench-table.sh "emulated AMD" $(OUT)/bench-amd.log.ktap \
		"emulated Intel" $(OUT)/bench-intel.log.ktap \
		"emulated AMD with NRIPS" $(OUT)/bench-amd-bochs.log.ktap || rc=1; \
	exit $$rc

# The kit for testers with VMX or SVM hardware (scripts/hw/hw-test.sh): run
# on such a host, "make hw-test" writes its report; here it refuses, as there
# is no /dev/kvm.  hw-test-amd shows it inside emulated AMD, with the series'
# tests, HW_UPSTREAM of the upstream ones and the e2e guest.
HW_UPSTREAM	?= state_test userspace_io_test xen_vmcall_test hyperv_features
HW_SECS		?= 3000
hw-test: $(call need,selftests)
	@$(S)/hw/hw-test.sh $(KTEST) $(OUT)/hw-test.report $(HW_TESTS)

hw-test-amd: $(call need,kernel selftests e2e-build)
	@$(S)/hw/kit-root.sh $(KTEST) $(E2E) $(OUT)/hw-kit "$(HW_UPSTREAM)"
	$(call boot,amd,$(BZIMAGE),$(OUT)/hw-kit/install,$(OUT)/hw-kit/amd,$(HW_SECS),\
		hw_test_vm.sh,vmtest.timeout=$(HW_SECS) $(APPEND),$@,$(OUT)/hw-kit/root)
	@sed -n '/^# hw-test report/,/^\(not \)\{0,1\}ok 1 selftests: kvm: hw_test_vm.sh/p' \
		$(OUT)/hw-kit/amd.log | sed '$$d; s/^# //' >$(OUT)/hw-test-amd.report
	@echo "hw-test-amd: report in $(OUT)/hw-test-amd.report"

lint: checkpatch sparse coccicheck htmldocs

checkpatch: $(call need,base)
	@$(S)/check/checkpatch.sh $(KSRC) $(PATCHES)

# The gates that compare with the bare base take its findings from
# scripts/check/baselines/ while those were made with the same tool on the same
# base and configuration; otherwise they check the base out (BASESRC) and
# run the tool there.  "make sparse-baseline htmldocs-baseline" records them.
BASELINES	:= $(S)/check/baselines
SPARSE_SUITE	:= sid
SPARSE	= $$($(S)/build/build-sparse.sh $(CACHE) $(SPARSE_SUITE))

sparse: $(call need,kernel)
	@$(S)/check/sparse.sh $(KSRC) $(BUILD) $(BASEREF) $(BASESRC) $(BASEBUILD) "$(SPARSE)" \
		$(BASELINES)/$(BASE).sparse

sparse-baseline: $(call need,tree)
	@$(S)/check/sparse.sh $(KSRC) $(BUILD) $(BASEREF) $(BASESRC) $(BASEBUILD) "$(SPARSE)" \
		$(BASELINES)/$(BASE).sparse record

coccicheck: $(call need,tree)
	@$(S)/check/coccicheck.sh $(KSRC) $(BUILD) $(BASEREF) $(BASESRC) $(BASEBUILD) $(COCCI_ALL)

htmldocs: $(call need,tree)
	@$(S)/check/htmldocs.sh $(KSRC) $(BUILD)-docs $(BASEREF) $(BASESRC) $(BASEBUILD)-docs \
		$(BASELINES)/$(BASE).htmldocs

htmldocs-baseline: $(call need,tree)
	@$(S)/check/htmldocs.sh $(KSRC) $(BUILD)-docs $(BASEREF) $(BASESRC) $(BASEBUILD)-docs \
		$(BASELINES)/$(BASE).htmldocs record

# ktest's patchcheck (scripts/build/patchcheck.sh).  patchcheck-kernel: every
# patch builds the test kernel's vmlinux.o and KVM modules (modpost) in its
# build directory, KSRC checked out commit by commit and given back as it
# was ("make test").  patchcheck: every patch builds and links the KVM modules with
# Debian's config, CONFIG_KVM_VMWARE=y and =n, in one build directory per
# configuration, and the selftests where a patch touches them or a uAPI
# header ("make test-full").
PATCHCHECK	:= $(BUILD)-patchcheck
patchcheck-kernel: $(call need,tree)
	@$(S)/build/patchcheck.sh $(KSRC) $(BASEREF) $(PATCHCHECK) $(BASE) $(WORK)/apt test $(BUILD)

patchcheck: $(call need,tree)
	@$(S)/build/patchcheck.sh $(KSRC) $(BASEREF) $(PATCHCHECK) $(BASE) $(WORK)/apt "y n" selftests

# What distributions build: Debian's config, KVM as modules, modpost
# against Debian's Module.symvers, at the tip (where patchcheck's =y walk
# ends).
distro-build: $(call need,tree)
	@$(S)/build/patchcheck.sh $(KSRC) $(BASEREF) $(PATCHCHECK) $(BASE) $(WORK)/apt tip

regress: $(call need,kernel selftests)
	@$(S)/check/regress.sh amd $(KTEST) $(BZIMAGE) $(OUT) $(BASELINES)/$(BASE).regress $(REGRESS_SECS)

# "make test" runs the upstream tests of what the series changes (the #GP
# intercept and the emulator, the hypercall exits of KVM, Xen and Hyper-V,
# register sync, nested exception routing and state, the PMU's RDPMC);
# "make test-full" runs them all.
REGRESS_TOUCHED	:= cpuid_test debug_regs exit_on_emulation_failure_test fastops_test \
	fix_hypercall_test hyperv_cpuid hyperv_features hyperv_svm_test kvm_pv_test \
	nested_emulation_test nested_exceptions_test nested_set_state_test platform_info_test \
	pmu_counters_test set_sregs_test smaller_maxphyaddr_emulation_test smm_test state_test \
	svm_nested_shutdown_test svm_nested_soft_inject_test svm_vmcall_test sync_regs_test \
	userspace_io_test userspace_msr_exit_test xen_shinfo_test xen_vmcall_test
regress-touched: $(call need,kernel selftests)
	@REGRESS_TESTS="$(REGRESS_TOUCHED)" $(S)/check/regress.sh amd $(KTEST) $(BZIMAGE) $(OUT) \
		$(BASELINES)/$(BASE).regress $(REGRESS_SECS)

# Emulated Intel's leg: the nested VMX tests and the others of what the
# series touches that VMX runs, against a baseline of their own from Bochs.
# Not vmx_preemption_timer_test: under Bochs it holds the machine past its
# timeout, on the bare base too.
REGRESS_INTEL	:= state_test nested_exceptions_test nested_set_state_test \
	nested_emulation_test vmx_apic_access_test vmx_apicv_updates_test \
	vmx_exception_with_invalid_guest_state vmx_invalid_nested_guest_state vmx_msrs_test \
	vmx_nested_la57_state_test fix_hypercall_test \
	sync_regs_test userspace_io_test debug_regs
regress-intel: $(call need,kernel selftests)
	@REGRESS_TESTS="$(REGRESS_INTEL)" $(S)/check/regress.sh intel $(KTEST) $(BZIMAGE) $(OUT) \
		$(BASELINES)/$(BASE).regress-intel $(INTEL_SECS)

# The baseline comes from the bare base, built in a worktree of its own.
regress-baseline: $(call need,base)
	@$(S)/series/worktree.sh $(KSRC) $(BASEREF) $(BASESRC)
	@$(S)/build/build-kernel.sh $(BASESRC) $(BASEBUILD)
	@$(S)/build/build-selftests.sh $(BASESRC) $(BASEBUILD)
	@$(S)/check/regress.sh amd $(BASEBUILD)/kselftest_install $(BASEBUILD)/arch/x86/boot/bzImage \
		$(BASEBUILD)/vm $(BASELINES)/$(BASE).regress $(REGRESS_SECS) record
	@REGRESS_TESTS="$(REGRESS_INTEL)" $(S)/check/regress.sh intel \
		$(BASEBUILD)/kselftest_install $(BASEBUILD)/arch/x86/boot/bzImage \
		$(BASEBUILD)/vm $(BASELINES)/$(BASE).regress-intel $(INTEL_SECS) record

# The VMware selftests' subtests on this base and on OTHER (its last vm-amd
# and vm-intel logs each): the same names and results, or a diff.
OTHER	?= v6.12
compare-bases:
	@$(S)/check/compare-bases.sh $(OUT) $(CACHE)/$(OTHER)/build/vm

rendered-check: $(call need,tree)
	@$(EXPORT_ENV) $(S)/series/rendered-check.sh $(KSRC) $(BASEREF) $(PATCHES) $(CURDIR)

# The series for sending, signed by the person who sends it (git config
# user.name and user.email): the project writes no Signed-off-by.
SIGNED	:= $(CACHE)/signed
sign: $(call need,tree qemu-tree)
	@$(S)/series/sign.sh $(KSRC) $(QSRC) $(SIGNED) $(PATCHES) $(QPATCHES)

# make sign's own test: a test identity into a scratch directory.
sign-test: $(call need,tree qemu-tree)
	@$(S)/series/sign-test.sh $(KSRC) $(QSRC) $(PATCHES) $(QPATCHES)

# git range-diff of this series against another version of it (OLD= a
# commit of this repository), or of the 6.12 backport against mainline,
# patch by patch: what a reviewer of the next version, and a stable
# reviewer, read.
OLD	?= HEAD
range-diff: $(call need,tree)
	@$(S)/series/range-diff.sh $(KSRC) $(BASEREF) $(PATCHES) $(OLD)

backport-diff:
	@$(MAKE) --no-print-directory tree BASE=v6.12
	@$(MAKE) --no-print-directory tree BASE=$(MAINLINE)
	@git -C $(CACHE)/$(MAINLINE)/linux fetch -q $(CACHE)/v6.12/linux vmware:refs/heads/vmware-v6.12
	@git -C $(CACHE)/$(MAINLINE)/linux range-diff --no-color \
		$$(git -C $(CACHE)/v6.12/linux rev-parse vmware-base)..vmware-v6.12 \
		vmware-base..vmware

# The tiers.  "make test" holds the gates that catch what a typical change
# breaks and fit CI's time; "make test-full" adds the slow ones, and is run
# before an issue that changes the series is resolved.  A backport is held
# to what judges a backport (its patches, its distribution build, the
# VMware selftests on both machines); the rest tests code it shares with
# mainline, and CI runs both bases.  The README's table says what each
# gate proves and what it costs.
GATES_MAINLINE	:= rendered-check checkpatch sparse coccicheck htmldocs patchcheck-kernel distro-build \
	qemu-rendered-check qemu-checkpatch qemu-build sign-test \
	vm-amd vm-amd-param vm-intel vm-intel-param regress-intel vm-amd-bochs vm-novmware e2e-amd \
	regress-touched e2e-qemu-amd e2e-qemu-param e2e-qemu-novmware
GATES_MAINLINE_FULL	:= patchcheck qemu-patchcheck regress e2e-intel-hypercall e2e-qemu-intel vm-debug
GATES_BACKPORT	:= rendered-check checkpatch distro-build vm-amd vm-intel vm-novmware
GATES_BACKPORT_FULL	:= patchcheck regress
mainline	= $(filter $(MAINLINE),$(BASE))
GATES	?= $(if $(mainline),$(GATES_MAINLINE),$(GATES_BACKPORT))
GATES_FULL	?= $(GATES) $(if $(mainline),$(GATES_MAINLINE_FULL),$(GATES_BACKPORT_FULL))
# What the gates boot or run, built once before them (and timed as gates).
# patchcheck-kernel walks the test kernel's build directory, so that the
# tip's kernel after it is mostly built.
first_builds	= $(filter patchcheck-kernel,$(1)) kernel selftests
builds_for	= $(call first_builds,$(1)) \
	$(if $(filter e2e-amd e2e-intel-%,$(1)),e2e-build) \
	$(if $(filter vm-novmware e2e-qemu-novmware,$(1)),novmware-kernel) \
	$(if $(filter e2e-qemu-%,$(1)),qemu-build e2e-qemu-build) \
	$(if $(filter vm-debug,$(1)),debug-kernel)
# The Bochs machines of "make test" run in a lane of their own (gates.sh),
# beside the builds and the gates that boot no machine, not beside QEMU
# TCG's, whose guests' time suffers from a busy host.
LANE	:= vm-intel vm-intel-param regress-intel vm-amd-bochs
NO_MACHINE	:= rendered-check checkpatch sparse coccicheck htmldocs patchcheck distro-build \
	qemu-rendered-check qemu-checkpatch qemu-build qemu-patchcheck sign-test
# The order gates.sh runs <gates> in: the test kernel and the selftests,
# the lane, the other builds and the gates without a machine, then (the
# lane done) the machines.
# regress-touched is a part of regress: not both.
define order
$(call first_builds,$(1)) $(addprefix lane:,$(filter $(LANE),$(1))) \
	$(filter-out $(call first_builds,$(1)),$(call builds_for,$(1))) \
	$(filter $(NO_MACHINE),$(filter-out $(call builds_for,$(1)),$(1))) wait-lane \
	$(filter-out $(NO_MACHINE) $(LANE) $(call builds_for,$(1)) \
		$(if $(filter regress,$(1)),regress-touched),$(1))
endef

test: $(call need,tree)
	@DONE="$(DONE) deps base tree" $(S)/check/gates.sh $(MAKE) -- $(call order,$(GATES))

test-full: $(call need,tree)
	@DONE="$(DONE) deps base tree" $(S)/check/gates.sh $(MAKE) -- $(call order,$(GATES_FULL))

clean:
	rm -rf $(BUILD) $(BASEBUILD) $(BASEBUILD)-docs $(BUILD)-docs $(DEBUGBUILD) \
		$(NOVMWAREBUILD) $(PATCHCHECK)
	-git -C $(KSRC) worktree prune
