#!/usr/bin/env python3
"""Writes N valid cases as CSV (comma, LF, UTF-8) varied over the sample reference data of samples/seed.json:
both providers' competences, every product type with the fields its properties require, postal codes, names."""
import csv
import sys

COLUMNS = ["trackingId", "serviceType", "manufacturer", "productType", "location", "originatorType", "bookingType",
           "clientPostalCode", "noPassword", "orderData.consents.ConsentTerms", "orderData.consents.ConsentRepair",
           "orderData.refNo", "orderData.partnerSpecific.acme.acmeUniqueFloatProperty:number",
           "productData.model", "productData.problemText", "productData.password", "productData.imei",
           "productData.serial", "customer.type", "customer.organizationName", "customer.organizationNumber",
           "customer.mobile", "customer.email", "customer.address", "customer.postalCode", "customer.city",
           "consumer.type", "consumer.firstName", "consumer.lastName", "consumer.mobile", "consumer.email",
           "consumer.address", "consumer.postalCode", "consumer.city"]

# (manufacturers, product types, locations, postal code range) of the two competences that take service type 4.
COMPETENCES = [([1012, 1013], [1001, 1002, 1003], [1, 2, 3], (1000, 1999)),
               ([1014, 1015], [1001, 1002, 1004, 1005], [1, 3], (1000, 2999))]
NO_PASSWORD = {1004, 1005}
FIRST = ["Anna", "Erik", "Maja", "Lars", "Sofia", "Nils", "Åsa", "Jörgen"]
LAST = ["Andersson", "Berg", "Lindqvist", "Öberg", "Holm", "Nyström"]
CITIES = ["Stockholm", "Göteborg", "Malmö", "Växjö", "Uppsala", "Luleå"]


def row(i):
    manufacturers, types, locations, (low, high) = COMPETENCES[i % 2]
    product = types[(i // 2) % len(types)]
    postal = str(low + (i * 7919) % (high - low + 1))
    first, last, city = FIRST[i % len(FIRST)], LAST[i % len(LAST)], CITIES[i % len(CITIES)]
    return {
        "trackingId": f"bench-{i}", "serviceType": 4, "manufacturer": manufacturers[(i // 3) % len(manufacturers)],
        "productType": product, "location": locations[(i // 5) % len(locations)], "originatorType": "private",
        "bookingType": "companyToPrivate", "clientPostalCode": postal,
        "noPassword": "true" if product in NO_PASSWORD else "false",
        "orderData.consents.ConsentTerms": "true", "orderData.consents.ConsentRepair": "true",
        "orderData.refNo": f"REF-{i:08d}", "orderData.partnerSpecific.acme.acmeUniqueFloatProperty:number": f"{i % 100}.5",
        "productData.model": f"Model {i % 97}", "productData.problemText": f"Does not start (case {i}), \"urgent\"",
        "productData.password": "" if product in NO_PASSWORD else f"{i % 10000:04d}",
        "productData.imei": f"35{i:013d}", "productData.serial": f"SN{i:010d}",
        "customer.type": 1, "customer.organizationName": "Test LTD", "customer.organizationNumber": "556677-8899",
        "customer.mobile": "0701234567", "customer.email": f"orders{i % 50}@example.com", "customer.address": "Storgatan 1",
        "customer.postalCode": "1234", "customer.city": "Stockholm",
        "consumer.type": 0, "consumer.firstName": first, "consumer.lastName": last, "consumer.mobile": "0709876543",
        "consumer.email": f"{first.lower()}.{i}@example.com".replace("å", "a").replace("ö", "o"),
        "consumer.address": f"Kungsgatan {i % 200 + 1}", "consumer.postalCode": postal, "consumer.city": city,
    }


def main():
    count, path = int(sys.argv[1]), sys.argv[2]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for i in range(count):
            writer.writerow(row(i))


if __name__ == "__main__":
    main()
