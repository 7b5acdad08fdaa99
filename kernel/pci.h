/*
 * PCI: configuration space through the ECAM windows ACPI's MCFG lists
 * (port I/O 0xcf8/0xcfc when there is none), the devices found at boot
 * with their BARs and capabilities, and MSI and MSI-X set-up for drivers.
 */
#pragma once

#include <stdint.h>

#define PCI_MAX_DEVS	128

/* Configuration registers (type 0 header). */
#define PCI_VENDOR	0x00
#define PCI_COMMAND	0x04
#define PCI_STATUS	0x06
#define PCI_CLASS_REV	0x08
#define PCI_HEADER	0x0e
#define PCI_BAR0	0x10
#define PCI_CAP_PTR	0x34
#define PCI_IRQ_LINE	0x3c

#define PCI_CMD_IO	0x0001
#define PCI_CMD_MEM	0x0002
#define PCI_CMD_MASTER	0x0004
#define PCI_CMD_INTX_OFF 0x0400
#define PCI_STATUS_CAPS	0x0010

#define PCI_CAP_MSI	0x05
#define PCI_CAP_MSIX	0x11

struct pci_bar {
	uint64_t addr;			/* bus address; 0: none */
	uint64_t size;
	int io;				/* an I/O port range */
	int is64, prefetch;
};

struct pci_dev {
	uint16_t seg;
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint8_t class, subclass, progif, revision;
	uint8_t header;			/* type, without the multi-function bit */
	uint8_t irq_line, irq_pin;
	struct pci_bar bar[6];
	uint8_t msi_cap, msix_cap;	/* their offsets; 0: none */
};

/* Find and list the devices (boot, after ACPI and the heap). */
void pci_init(void);

/* How config space is reached: "ECAM" or "port I/O" (or NULL: no PCI). */
const char *pci_access(void);

/* The devices found, in bus order; NULL past the last. */
const struct pci_dev *pci_dev_at(int i);

/* The first device with this vendor and device id, or NULL. */
const struct pci_dev *pci_find(uint16_t vendor, uint16_t device);

uint32_t pci_read32(const struct pci_dev *d, uint16_t off);
uint16_t pci_read16(const struct pci_dev *d, uint16_t off);
uint8_t pci_read8(const struct pci_dev *d, uint16_t off);
void pci_write32(const struct pci_dev *d, uint16_t off, uint32_t v);
void pci_write16(const struct pci_dev *d, uint16_t off, uint16_t v);

/* Turn on memory (and I/O) decoding and bus mastering. */
void pci_enable(const struct pci_dev *d);

/* Map BAR i (memory) uncached; its kernel address, or NULL. */
volatile void *pci_map_bar(const struct pci_dev *d, int i);

/* Deliver the device's interrupt (MSI, or MSI-X table entry 0) as vector
   to the boot CPU, and turn off its legacy INTx line. 0, or -ENODEV if it
   has neither capability, -ENOMEM if the MSI-X table cannot be mapped. */
int pci_enable_msi(const struct pci_dev *d, int vector);
