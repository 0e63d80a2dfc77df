// Generated from src/core/handler-request-schema.ts by scripts/generate-validators.ts (npm run generate). Do not edit.
// @ts-nocheck
import func1Module from 'ajv/dist/runtime/ucs2length.js';
"use strict";
export const validate = validate20;
export default validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:virtnet:schema:handler-request","type":"object","required":["op","vmi"],"additionalProperties":false,"properties":{"id":{"type":["string","number"]},"op":{"enum":["setup","teardown"]},"vmi":{"type":"object"},"launcherPid":{"type":"integer","minimum":1,"maximum":4194304},"netns":{"type":"string","minLength":1},"cacheDir":{"type":"string","minLength":1},"placeholder":{"enum":["auto","dummy","ifb"]}}};
const func1 = func1Module.default;

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="urn:virtnet:schema:handler-request" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.op === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "op"},message:"must have required property '"+"op"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.vmi === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vmi"},message:"must have required property '"+"vmi"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(((((((key0 === "id") || (key0 === "op")) || (key0 === "vmi")) || (key0 === "launcherPid")) || (key0 === "netns")) || (key0 === "cacheDir")) || (key0 === "placeholder"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if((typeof data0 !== "string") && (!((typeof data0 == "number") && (isFinite(data0))))){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: schema31.properties.id.type},message:"must be string,number",schema:schema31.properties.id.type,parentSchema:schema31.properties.id,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.op !== undefined){
let data1 = data.op;
if(!((data1 === "setup") || (data1 === "teardown"))){
const err4 = {instancePath:instancePath+"/op",schemaPath:"#/properties/op/enum",keyword:"enum",params:{allowedValues: schema31.properties.op.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.op.enum,parentSchema:schema31.properties.op,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.vmi !== undefined){
let data2 = data.vmi;
if(!(data2 && typeof data2 == "object" && !Array.isArray(data2))){
const err5 = {instancePath:instancePath+"/vmi",schemaPath:"#/properties/vmi/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.vmi.type,parentSchema:schema31.properties.vmi,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.launcherPid !== undefined){
let data3 = data.launcherPid;
if(!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))){
const err6 = {instancePath:instancePath+"/launcherPid",schemaPath:"#/properties/launcherPid/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.launcherPid.type,parentSchema:schema31.properties.launcherPid,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 > 4194304 || isNaN(data3)){
const err7 = {instancePath:instancePath+"/launcherPid",schemaPath:"#/properties/launcherPid/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4194304},message:"must be <= 4194304",schema:4194304,parentSchema:schema31.properties.launcherPid,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data3 < 1 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/launcherPid",schemaPath:"#/properties/launcherPid/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.launcherPid,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.netns !== undefined){
let data4 = data.netns;
if(typeof data4 === "string"){
if(func1(data4) < 1){
const err9 = {instancePath:instancePath+"/netns",schemaPath:"#/properties/netns/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.netns,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/netns",schemaPath:"#/properties/netns/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.netns.type,parentSchema:schema31.properties.netns,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.cacheDir !== undefined){
let data5 = data.cacheDir;
if(typeof data5 === "string"){
if(func1(data5) < 1){
const err11 = {instancePath:instancePath+"/cacheDir",schemaPath:"#/properties/cacheDir/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.cacheDir,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/cacheDir",schemaPath:"#/properties/cacheDir/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.cacheDir.type,parentSchema:schema31.properties.cacheDir,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.placeholder !== undefined){
let data6 = data.placeholder;
if(!(((data6 === "auto") || (data6 === "dummy")) || (data6 === "ifb"))){
const err13 = {instancePath:instancePath+"/placeholder",schemaPath:"#/properties/placeholder/enum",keyword:"enum",params:{allowedValues: schema31.properties.placeholder.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.placeholder.enum,parentSchema:schema31.properties.placeholder,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

