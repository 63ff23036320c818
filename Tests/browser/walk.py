#!/usr/bin/env python3
"""Walks kho serve in a real browser (Debian's chromium through chromium-driver) as a person would:
sign in, search typed without diacritics, click a facet, open an item, upload a file, sign out. Saves a screenshot
of each page and prints what it saw as JSON; the Swift test (KhoWebTests/BrowserTests) holds the
values to what the library says. Fails (exit 1) on a console error or a broken image."""
import argparse, json, os, sys, time
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--name", required=True)
parser.add_argument("--password", required=True)
parser.add_argument("--query", required=True)
parser.add_argument("--facet", required=True, help="facet section to click the first value of, e.g. type")
parser.add_argument("--upload", required=True, help="a file to upload from the start page")
parser.add_argument("--screenshots", required=True)
args = parser.parse_args()
os.makedirs(args.screenshots, exist_ok=True)

options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,1000", "--lang=vi"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
seen = {"console_errors": [], "broken_images": []}


def settle(name):
    """Waits for the page and its images, records broken ones and console errors, saves a screenshot."""
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return Array.from(document.images).every(i => i.complete)"))
    driver.execute_script("window.scrollTo(0, 0)")
    broken = driver.execute_script(
        "return Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.getAttribute('src'))")
    seen["broken_images"] += [f"{name}: {src}" for src in broken]
    for entry in driver.get_log("browser"):
        if entry["level"] == "SEVERE":
            seen["console_errors"].append(f"{name}: {entry['message']}")
    driver.save_screenshot(os.path.join(args.screenshots, name + ".png"))


def path():
    return driver.execute_script("return location.pathname + location.search")


try:
    driver.get(args.url + "/")
    settle("1-sign-in")
    seen["signin_path"] = path()
    seen["signin_heading"] = driver.find_element(By.TAG_NAME, "h1").text
    driver.find_element(By.NAME, "name").send_keys(args.name)
    driver.find_element(By.NAME, "password").send_keys(args.password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button").click()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return location.pathname") == "/")
    settle("2-start")
    seen["start_summary"] = driver.find_element(By.ID, "summary").text

    box = driver.find_element(By.NAME, "q")
    box.send_keys(args.query)
    box.submit()
    WebDriverWait(driver, 20).until(lambda d: "q=" in d.execute_script("return location.search"))
    settle("3-search")
    seen["search_path"] = path()
    seen["search_summary"] = driver.find_element(By.ID, "summary").text
    seen["search_items"] = [a.get_attribute("href").rsplit("/", 1)[1]
                            for a in driver.find_elements(By.CSS_SELECTOR, "li.card > a")]

    link = driver.find_element(By.CSS_SELECTOR, f"section.facet[data-facet='{args.facet}'] li a")
    seen["facet_clicked"] = link.text
    link.click()
    WebDriverWait(driver, 20).until(lambda d: f"{args.facet}=" in d.execute_script("return location.search"))
    settle("4-facet")
    seen["facet_path"] = path()
    seen["facet_items"] = [a.get_attribute("href").rsplit("/", 1)[1]
                           for a in driver.find_elements(By.CSS_SELECTOR, "li.card > a")]
    seen["facet_chip"] = driver.find_element(By.CSS_SELECTOR, "a.chip").text

    driver.find_element(By.CSS_SELECTOR, "li.card > a").click()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return location.pathname").startswith("/item/"))
    settle("5-item")
    seen["item_path"] = path()
    seen["item_heading"] = driver.find_element(By.TAG_NAME, "h1").text
    seen["item_download"] = driver.find_element(By.ID, "download").get_attribute("href").replace(args.url, "")

    driver.get(args.url + "/")
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    seen["upload_unit"] = driver.find_element(By.CSS_SELECTOR, "#upload input[name=unit]").get_attribute("value")
    driver.find_element(By.CSS_SELECTOR, "#upload input[type=file]").send_keys(os.path.abspath(args.upload))
    driver.find_element(By.CSS_SELECTOR, "#upload button").click()
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return location.pathname") == "/upload")
    settle("6-uploaded")
    seen["upload_summary"] = driver.find_element(By.ID, "summary").text
    seen["upload_item"] = driver.find_element(By.CSS_SELECTOR, "tr.added a").get_attribute("href").rsplit("/", 1)[1]

    driver.find_element(By.ID, "sign-out").click()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return location.pathname") == "/signin")
    settle("7-signed-out")
    seen["signed_out_path"] = path()
    driver.get(args.url + "/")
    seen["after_sign_out_path"] = path()
finally:
    driver.quit()

print(json.dumps(seen, ensure_ascii=False, indent=1))
sys.exit(1 if seen["console_errors"] or seen["broken_images"] else 0)
